const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Detail routes accept the record's id (UUID) or its business code. */
export function idOrCodeWhere(idOrCode: string): { id: string } | { code: string } {
  return UUID.test(idOrCode) ? { id: idOrCode.toLowerCase() } : { code: idOrCode };
}
