/**
 * Error codes the simulated orchestrations and batch processors return, shaped like JDE form errors
 * `{CODE, DESC}`. PBCO/PACO/PYEB are real JDE G/L-date codes (reference/jde-ais.md §8); the numeric
 * codes are the simulator's own plausible choices — real systems return release-specific data
 * dictionary error ids, so clients must not branch on them.
 */
export const JOURNAL_ERRORS = {
  accountInvalid: { CODE: "0025", DESC: "Account Number Invalid" },
  accountNonPosting: { CODE: "0026", DESC: "Posting Edit Code Prohibits Posting to Account" },
  businessUnitInvalid: { CODE: "0004", DESC: "Business Unit Invalid" },
  businessUnitNonPosting: { CODE: "0008", DESC: "Business Unit Is Non-Posting" },
  businessUnitCompany: { CODE: "0011", DESC: "Business Unit Not In Document Company" },
  companyInvalid: { CODE: "0010", DESC: "Company Invalid" },
  currencyInvalid: { CODE: "0012", DESC: "Currency Code Invalid" },
  foreignCurrency: { CODE: "0036", DESC: "Currency Differs From Company Currency" },
  tooManyDecimals: { CODE: "0013", DESC: "Amount Has Too Many Decimals For Currency" },
  amountInvalid: { CODE: "0014", DESC: "Amount Invalid" },
  dateInvalid: { CODE: "0029", DESC: "Date Invalid" },
  dateNoPeriod: { CODE: "0030", DESC: "G/L Date Not In A Defined Fiscal Period" },
  postBeforeCutoff: { CODE: "PBCO", DESC: "Date Prior To Current Period (Post Before Cut Off)" },
  postAfterCutoff: { CODE: "PACO", DESC: "Date After Next Period (Post After Cut Off)" },
  priorYear: { CODE: "PYEB", DESC: "Date In Prior Fiscal Year" },
  outOfBalance: { CODE: "0019", DESC: "Document Out Of Balance" },
  duplicateKey: { CODE: "4145", DESC: "Duplicate Key - Record Already Exists In F0911Z1" },
  fieldTooLong: { CODE: "0032", DESC: "Value Too Long For Field" },
  requiredMissing: { CODE: "0033", DESC: "Required Field Missing" },
  ledgerTypeInvalid: { CODE: "0034", DESC: "Ledger Type Invalid" },
  documentTypeInvalid: { CODE: "0035", DESC: "Document Type Invalid" },
  headerMismatch: { CODE: "0037", DESC: "Header Field Differs Between Lines Of Document" },
  addressNumberInvalid: { CODE: "0039", DESC: "Address Number Invalid" },
  addressNumberExists: { CODE: "0043", DESC: "Address Number Already Exists" },
  recordExists: { CODE: "0044", DESC: "Record Already Exists" },
  recordMissing: { CODE: "0047", DESC: "Record Not Found" },
  updateGroupInvalid: { CODE: "0045", DESC: "UPDATE Group Invalid" },
  transactionActionUnsupported: { CODE: "0046", DESC: "EDI Transaction Action Not Supported" },
  lineNumberInvalid: { CODE: "0040", DESC: "EDI Line Number Invalid" },
  transactionActionInvalid: { CODE: "0041", DESC: "EDI Transaction Action Invalid (only A)" },
  transactionTypeInvalid: { CODE: "0042", DESC: "EDI Transaction Type Invalid (J for journal entries)" },
  processingRejected: { CODE: "0099", DESC: "Rejected By Journal Entry MBF" },
} as const;

export interface JournalError {
  CODE: string;
  DESC: string;
}

/** An error with the field it concerns appended to DESC (e.g. "Account Number Invalid: 100.9999"). */
export function journalError(kind: keyof typeof JOURNAL_ERRORS, detail?: string): JournalError {
  const base = JOURNAL_ERRORS[kind];
  return { CODE: base.CODE, DESC: detail ? `${base.DESC}: ${detail}` : base.DESC };
}
