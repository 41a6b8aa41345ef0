/** POOR vs EXITED households in scope, each arc labelled with its count (loaded lazily: the chart library is a chunk of its own). */
import { PieChart } from '@mui/x-charts/PieChart';
import { useTranslate } from 'react-admin';

const HouseholdChart = ({ poor, exited }: { poor: number; exited: number }) => {
  const translate = useTranslate();
  return (
    <div data-testid="household-chart">
      <PieChart
        height={240}
        skipAnimation
        series={[
          {
            innerRadius: 50,
            paddingAngle: 1,
            // the numbers on the chart itself, not only in a tooltip
            arcLabel: (item) => item.value.toLocaleString(),
            arcLabelMinAngle: 12,
            data: [
              { id: 'POOR', value: poor, label: translate('enums.householdStatus.POOR'), color: '#ed6c02' },
              { id: 'EXITED', value: exited, label: translate('enums.householdStatus.EXITED'), color: '#2e7d32' },
            ],
          },
        ]}
      />
    </div>
  );
};

export default HouseholdChart;
