/** ZAF path of a custom ticket field. */
export const customFieldPath = (fieldId: number) => `ticket.customField:custom_field_${fieldId}`;
