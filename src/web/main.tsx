/**
 * Start-up, the only script the page names: a few kilobytes that ask at once for the session, the
 * current page's chunk, the stylesheet and the application (start.tsx), so that none waits for
 * another to arrive (on a phone's network each request costs a round trip before its first byte);
 * then draws the application. Until then index.html's spinner shows; if a part cannot be loaded, a
 * 重新加载 takes its place, never a blank page.
 */
import { askWhoIsSignedIn } from './api/me.js';
import { BOOT_MESSAGES } from './i18n/bootMessages.js';
import { currentLang } from './i18n/lang.js';
import { preloadPage } from './routes.js';

/** A part did not arrive (the server was updated or the network dropped): offer a reload. */
function offerReload() {
  const lang = currentLang();
  const boot = document.createElement('div');
  boot.className = 'boot';
  boot.setAttribute('role', 'alert');
  boot.textContent = BOOT_MESSAGES['failure.chunkHint'][lang];
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = BOOT_MESSAGES['failure.reload'][lang];
  button.addEventListener('click', () => window.location.reload());
  boot.append(button);
  document.getElementById('root')!.replaceChildren(boot);
}

askWhoIsSignedIn();
preloadPage(window.location.pathname);
// The stylesheet first applies with the app's first paint: nothing drawn unstyled.
Promise.all([import('./start.js'), import('./styles.js')]).then(([app]) => app.start(), offerReload);
