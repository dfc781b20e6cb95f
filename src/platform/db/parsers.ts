// Type OIDs parsed the same way on both engines, so stores see identical row values.
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;

/** int8 and numeric as JavaScript numbers: counters and ids here stay far below 2^53. */
export const parseBigNumber = (value: string): number => Number(value);
