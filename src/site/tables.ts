export interface SettingsTable {
  key: string;
  value: string;
}
export interface SiteTables {
  settings: SettingsTable;
}
