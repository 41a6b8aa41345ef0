import { SearchInput as RaSearchInput, useTranslate, type SearchInputProps } from 'react-admin';

/** react-admin's SearchInput shows its placeholder as given: this one takes a translation key. */
export const SearchInput = ({ placeholder = 'ra.action.search', ...props }: SearchInputProps) => {
  const translate = useTranslate();
  return <RaSearchInput {...props} placeholder={translate(placeholder)} />;
};
