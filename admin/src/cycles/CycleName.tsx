/** A cycle as its readers name it: its process and year (县级考核 2016), never its id. */
import { useRecordContext, useTranslate } from 'react-admin';

export const CycleName = () => {
  const cycle = useRecordContext<{ type: string; year: number }>();
  const translate = useTranslate();
  return cycle ? <span>{`${translate(`processes.${cycle.type}`, { _: cycle.type })} ${cycle.year}`}</span> : null;
};
