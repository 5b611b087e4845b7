/** Public surface of the spreadsheet side of bulk exchange (docs/spreadsheets.md). Free of NestJS imports. */
export { readSpreadsheet, sniffUpload, DEFAULT_LIMITS } from './spreadsheet-reader';
export type { ReadSpreadsheetOptions, SpreadsheetLimits, SpreadsheetReadResult } from './spreadsheet-reader';
export { SpreadsheetRejectedError } from './spreadsheet-errors';
export type { CellLocation, SheetProblem, SpreadsheetErrorCode } from './spreadsheet-errors';
export { buildSpreadsheetTemplate, XLSX_CONTENT_TYPE } from './spreadsheet-template';
export { writeWorkbook } from './spreadsheet-writer';
export type { RecordSource } from './spreadsheet-writer';
export { SHEETS } from './sheet-layout';
