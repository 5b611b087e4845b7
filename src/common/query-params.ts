import { Transform } from 'class-transformer';

/** Query-string booleans: only "true" / "false" (anything else stays a string and fails @IsBoolean). */
export const QueryBool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));
