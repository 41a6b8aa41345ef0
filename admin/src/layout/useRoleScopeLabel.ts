import { useGetIdentity, useGetOne, useTranslate } from 'react-admin';
import type { SessionIdentity } from '../providers/authProvider.ts';
import { levelOfCode } from '../providers/session.ts';
import type { Region } from '../types.ts';

/** "县级审核人 · 沅陵县": the role at the level of the user's scope, and the scope's name. */
export function useRoleScopeLabel(): string {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const session = identity as SessionIdentity | undefined;
  const regionId = session?.regionId ?? '';
  // the login answer names the region; otherwise read it
  const { data: region } = useGetOne<Region>('regions', { id: regionId }, { enabled: !!regionId && !session?.regionName });
  if (!session) return '';
  const level = region?.level ?? levelOfCode(regionId);
  const levelLabel = level ? translate(`app.session.level.${level}`) : '';
  const role = translate(`app.session.role.${session.role}`, { level: levelLabel, _: session.role });
  const regionName = session.regionName ?? region?.name ?? regionId;
  return `${role} · ${regionName}`;
}
