/**
 * Words a refused CSV's row error in the user's language: the API names each problem with a code
 * and its values (rules/exit-verification/csv-errors.ts); the wording is `app.exit.csv.errors.<code>`,
 * a column named in a value is worded too. An error without a known code (an older API) keeps the
 * API's own sentence.
 */
import { useTranslate } from 'react-admin';

export interface CodedRowError {
  field: string;
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

export function useRowErrorWording() {
  const translate = useTranslate();
  const column = (name: string) => translate(`app.exit.csv.columns.${name}`, { _: name });
  return {
    /** the column of the error, in the user's language */
    field: (e: CodedRowError) => column(e.field),
    /** what is wrong, in the user's language */
    message: (e: CodedRowError) => {
      if (!e.code) return e.message;
      const params: Record<string, string | number> = { ...(e.params ?? {}) };
      if (typeof params.column === 'string') params.column = column(params.column);
      if (typeof params.kind === 'string') params.kind = translate(`app.exit.csv.kinds.${params.kind}`, { _: params.kind });
      return translate(`app.exit.csv.errors.${e.code}`, { ...params, _: e.message });
    },
  };
}
