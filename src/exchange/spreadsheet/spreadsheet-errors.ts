import { AppError } from '../../common/app-error';

/** Where in a spreadsheet: sheet name, 1-based row, column letter and header, and the cell's text. */
export interface CellLocation {
  sheet: string;
  row?: number;
  column?: string;
  header?: string;
  value?: string;
}

/** One problem found while reading a spreadsheet (Chinese message). */
export interface SheetProblem extends CellLocation {
  message: string;
}

export type SpreadsheetErrorCode =
  | 'SPREADSHEET_INVALID' // 400: cells of the wrong type, formulas, unknown sheets/headers, duplicate codes, empty or corrupt file
  | 'JSON_INVALID' // 400: a JSON upload that does not parse
  | 'FILE_TOO_LARGE' // 413: bytes, uncompressed size, compression ratio, zip entries, rows or columns over the limits
  | 'UNSUPPORTED_FILE_TYPE'; // 415: not XLSX, CSV or JSON (binary, .xls, undecodable text)

const STATUS: Record<SpreadsheetErrorCode, number> = {
  SPREADSHEET_INVALID: 400,
  JSON_INVALID: 400,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
};

/** A spreadsheet the reader refuses; `details.problems` lists every problem with its cell. */
export class SpreadsheetRejectedError extends AppError {
  constructor(
    code: SpreadsheetErrorCode,
    message: string,
    readonly problems: SheetProblem[] = [],
  ) {
    super(STATUS[code], code, message, { problems });
  }
}
