/**
 * Columns whose digits name things rather than measure them (ids, codes, zips, phones): no
 * statistics or numeric conversion applies to them unless the user names them.
 */
const IDENTIFIER_HEADER = /(^|[\s_-])(id|key|code|no|number|zip|zipcode|postcode|postal|phone|mobile|tel|fax|ssn|iban)($|[\s_-])/i;
const CAMEL_IDENTIFIER_HEADER = /[a-z](Id|Key|Code|Number|Zip|Phone)$/;

export function isIdentifierHeader(name: string): boolean {
  return IDENTIFIER_HEADER.test(name) || CAMEL_IDENTIFIER_HEADER.test(name);
}

/** More significant digits than a double holds exactly: converting would change the value. */
export function tooManyDigits(text: string): boolean {
  return text.replace(/\D/g, "").replace(/^0+/, "").length > 15;
}
