import { Breadcrumbs, Link, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useRegionAncestry } from '../common/useRegionAncestry.ts';
import type { Region } from '../types.ts';

export interface RegionBreadcrumbProps {
  /** the region whose children are listed (or shown); null at the top */
  regionId: string | null;
  /** go to the top of the tree */
  onRoot: () => void;
  /** go to a region of the chain */
  onRegion: (region: Pick<Region, 'id' | 'name' | 'level'>) => void;
  /** whether the last crumb is a link too (on show pages it is the current page) */
  lastIsLink?: boolean;
}

export const RegionBreadcrumb = ({ regionId, onRoot, onRegion, lastIsLink = false }: RegionBreadcrumbProps) => {
  const translate = useTranslate();
  const { chain } = useRegionAncestry(regionId);
  return (
    <Breadcrumbs sx={{ px: 2, py: 1 }} aria-label={translate('app.region.breadcrumb')} data-testid="region-breadcrumb">
      {regionId === null ? (
        <Typography color="text.primary">{translate('app.region.top')}</Typography>
      ) : (
        <Link component="button" underline="hover" onClick={onRoot}>
          {translate('app.region.top')}
        </Link>
      )}
      {chain.map((region, index) =>
        index === chain.length - 1 && !lastIsLink ? (
          <Typography key={region.id} color="text.primary">
            {region.name}
          </Typography>
        ) : (
          <Link key={region.id} component="button" underline="hover" onClick={() => onRegion(region)}>
            {region.name}
          </Link>
        ),
      )}
    </Breadcrumbs>
  );
};
