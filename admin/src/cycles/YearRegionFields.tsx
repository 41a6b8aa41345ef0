/** The year and the region of a cycle to launch: the first two fields of both launch forms. */
import { Grid, MenuItem, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Region } from '../types.ts';
import { YEARS } from './launch.ts';

export const YearRegionFields = ({ yearText, setYearText, year, regions, regionId, setRegionId, testIds }: {
  yearText: string;
  setYearText: (text: string) => void;
  /** the year typed, when it is one the API takes */
  year: number | null;
  regions: Region[];
  regionId: string;
  setRegionId: (id: string) => void;
  testIds: [string, string];
}) => {
  const translate = useTranslate();
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, sm: 4 }}>
        <TextField
          variant="outlined"
          fullWidth
          size="small"
          label={translate('resources.cycles.fields.year')}
          value={yearText}
          onChange={(e) => setYearText(e.target.value.trim())}
          error={year === null}
          helperText={year === null ? translate('app.exit.launch.yearRange', YEARS) : ' '}
          inputProps={{ inputMode: 'numeric', 'data-testid': testIds[0] }}
        />
      </Grid>
      <Grid size={{ xs: 12, sm: 8 }}>
        <TextField variant="outlined" select fullWidth size="small" label={translate('resources.cycles.fields.regionId')} value={regions.some((r) => r.id === regionId) ? regionId : ''} onChange={(e) => setRegionId(e.target.value)} helperText={translate('app.exit.launch.regionHelp')} inputProps={{ 'data-testid': testIds[1] }}>
          {regions.map((r) => (
            <MenuItem key={r.id} value={r.id}>
              {`${r.name}（${r.code}）`}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
    </Grid>
  );
};
