import type { CSSProperties } from 'react';

/** Design tokens, each mapped to a `--rk-*` CSS variable on every widget root. */
export interface AppearanceVariables {
  /** Accent for sliders, buttons and focus rings. `--rk-color-primary`. */
  colorPrimary?: string;
  /** Text on the accent. `--rk-color-on-primary`. */
  colorOnPrimary?: string;
  /** Body text. `--rk-color-text`. */
  colorText?: string;
  /** Secondary text (labels, notes). `--rk-color-text-muted`. */
  colorTextMuted?: string;
  /** Card background. `--rk-color-background`. */
  colorBackground?: string;
  /** Panel / inset background. `--rk-color-surface`. */
  colorSurface?: string;
  /** Borders and slider track. `--rk-color-border`. */
  colorBorder?: string;
  /** Profit. `--rk-color-success`. */
  colorSuccess?: string;
  /** Loss and errors. `--rk-color-danger`. */
  colorDanger?: string;
  /** Pending and warnings. `--rk-color-warning`. */
  colorWarning?: string;
  /** `--rk-font-family`. Default `inherit` (the host's font). */
  fontFamily?: string;
  /** Base font size. `--rk-font-size`. */
  fontSize?: string;
  /** Corner radius of cards and controls. `--rk-border-radius`. */
  borderRadius?: string;
  /** Base spacing unit. `--rk-spacing`. */
  spacing?: string;
}

export interface Appearance {
  /** Colour scheme. Default `light`. */
  theme?: 'light' | 'dark';
  variables?: AppearanceVariables;
}

const VARIABLE_NAMES: Record<keyof AppearanceVariables, string> = {
  colorPrimary: '--rk-color-primary',
  colorOnPrimary: '--rk-color-on-primary',
  colorText: '--rk-color-text',
  colorTextMuted: '--rk-color-text-muted',
  colorBackground: '--rk-color-background',
  colorSurface: '--rk-color-surface',
  colorBorder: '--rk-color-border',
  colorSuccess: '--rk-color-success',
  colorDanger: '--rk-color-danger',
  colorWarning: '--rk-color-warning',
  fontFamily: '--rk-font-family',
  fontSize: '--rk-font-size',
  borderRadius: '--rk-border-radius',
  spacing: '--rk-spacing',
};

/** Defaults per theme; styles.css reads them through the variables, so both stay in one place. */
export const themeDefaults: Record<'light' | 'dark', Required<AppearanceVariables>> = {
  light: {
    colorPrimary: '#4f46e5',
    colorOnPrimary: '#ffffff',
    colorText: '#111827',
    colorTextMuted: '#4b5563',
    colorBackground: '#ffffff',
    colorSurface: '#f3f4f6',
    colorBorder: '#d1d5db',
    colorSuccess: '#047857',
    colorDanger: '#b91c1c',
    colorWarning: '#92400e',
    fontFamily: 'inherit',
    fontSize: '14px',
    borderRadius: '8px',
    spacing: '8px',
  },
  dark: {
    colorPrimary: '#a5b4fc',
    colorOnPrimary: '#111827',
    colorText: '#f9fafb',
    colorTextMuted: '#d1d5db',
    colorBackground: '#111827',
    colorSurface: '#1f2937',
    colorBorder: '#4b5563',
    colorSuccess: '#6ee7b7',
    colorDanger: '#fca5a5',
    colorWarning: '#fcd34d',
    fontFamily: 'inherit',
    fontSize: '14px',
    borderRadius: '8px',
    spacing: '8px',
  },
};

/** The inline style for a widget root: every variable, so the widget never depends on the page. */
export function appearanceStyle(appearance: Appearance | undefined): CSSProperties {
  const theme = appearance?.theme ?? 'light';
  const values = { ...themeDefaults[theme], ...appearance?.variables };
  const style: Record<string, string> = { colorScheme: theme };
  for (const [key, name] of Object.entries(VARIABLE_NAMES) as Array<[keyof AppearanceVariables, string]>) {
    const value = values[key];
    if (value !== undefined) style[name] = value;
  }
  return style as CSSProperties;
}
