import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** react-admin's default theme with a sober red primary and CJK-friendly fonts. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#b71c1c' },
    secondary: { main: '#7f1d1d' },
  },
  typography: {
    ...defaultTheme.typography,
    fontFamily: ['-apple-system', 'BlinkMacSystemFont', '"Segoe UI"', '"PingFang SC"', '"Hiragino Sans GB"', '"Microsoft YaHei"', '"Noto Sans CJK SC"', 'Roboto', 'Arial', 'sans-serif'].join(','),
  },
};
