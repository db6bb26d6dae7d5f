/**
 * China's statutory holiday arrangements (全国年节及纪念日放假办法, as announced each year by the
 * General Office of the State Council). Each year lists the holiday ranges and the adjusted
 * working days (调休上班: a Saturday or Sunday that is a working day).
 *
 * Sources, each date checked against the notice:
 * - 2024: 国务院办公厅关于2024年部分节假日安排的通知，国办发明电〔2023〕7号（2023-10-25）
 * - 2025: 国务院办公厅关于2025年部分节假日安排的通知，国办发明电〔2024〕12号（2024-11-12）
 *         (first year under the amended 办法 of 2024-11: 除夕 and 5月2日 added as holidays)
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知，国办发明电〔2025〕7号（2025-11-04）
 * The unit test also compares every date with the `chinese-days` package's data as a second source.
 */
export interface HolidayRange {
  name: HolidayName;
  from: string;
  to: string;
}

export const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
export type HolidayName = (typeof HOLIDAY_NAMES)[number] | '国庆节、中秋节';

export interface YearArrangement {
  year: number;
  source: string;
  holidays: HolidayRange[];
  /** Weekend days that are working days, with the holiday they make up for. */
  adjustedWorkdays: { date: string; name: HolidayName }[];
}

export const STATUTORY_ARRANGEMENTS: YearArrangement[] = [
  {
    year: 2024,
    source: '国办发明电〔2023〕7号',
    holidays: [
      { name: '元旦', from: '2024-01-01', to: '2024-01-01' },
      { name: '春节', from: '2024-02-10', to: '2024-02-17' },
      { name: '清明节', from: '2024-04-04', to: '2024-04-06' },
      { name: '劳动节', from: '2024-05-01', to: '2024-05-05' },
      { name: '端午节', from: '2024-06-10', to: '2024-06-10' },
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17' },
      { name: '国庆节', from: '2024-10-01', to: '2024-10-07' },
    ],
    adjustedWorkdays: [
      { date: '2024-02-04', name: '春节' },
      { date: '2024-02-18', name: '春节' },
      { date: '2024-04-07', name: '清明节' },
      { date: '2024-04-28', name: '劳动节' },
      { date: '2024-05-11', name: '劳动节' },
      { date: '2024-09-14', name: '中秋节' },
      { date: '2024-09-29', name: '国庆节' },
      { date: '2024-10-12', name: '国庆节' },
    ],
  },
  {
    year: 2025,
    source: '国办发明电〔2024〕12号',
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    adjustedWorkdays: [
      { date: '2025-01-26', name: '春节' },
      { date: '2025-02-08', name: '春节' },
      { date: '2025-04-27', name: '劳动节' },
      { date: '2025-09-28', name: '国庆节、中秋节' },
      { date: '2025-10-11', name: '国庆节、中秋节' },
    ],
  },
  {
    year: 2026,
    source: '国办发明电〔2025〕7号',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    adjustedWorkdays: [
      { date: '2026-01-04', name: '元旦' },
      { date: '2026-02-14', name: '春节' },
      { date: '2026-02-28', name: '春节' },
      { date: '2026-05-09', name: '劳动节' },
      { date: '2026-09-20', name: '国庆节' },
      { date: '2026-10-10', name: '国庆节' },
    ],
  },
];
