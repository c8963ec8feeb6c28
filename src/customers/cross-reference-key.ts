/** `F0101.ALKY` is A20 (reference/jde-ais.md §7.1). */
export const CROSS_REFERENCE_WIDTH = 20;

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/([1-9]\d*)$/;

/**
 * The cross-reference the connector writes in ALKY: the prefix and the numeric part of the customer's
 * GID (`SH` + `gid://shopify/Customer/7011234567890` → `SH7011234567890`). `null` when the GID is not
 * a customer GID or the key would not fit the field: a cut key could name another customer.
 */
export function crossReferenceKey(customerGid: string, prefix: string): string | null {
  const digits = CUSTOMER_GID.exec(customerGid)?.[1];
  if (digits === undefined) return null;
  const key = `${prefix}${digits}`;
  return key.length <= CROSS_REFERENCE_WIDTH ? key : null;
}
