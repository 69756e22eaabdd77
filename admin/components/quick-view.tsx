import React from 'react';
import { STATUS_COLOURS } from './look.js';

/** One quick view over a list (a pill): pressed when the list shows it, coloured by the status it stands for. */
export const QuickView = ({ name, colour, on, label, onClick }: { name: string; colour: string; on: boolean; label: string; onClick: () => void }) => {
  const [fg, bg] = STATUS_COLOURS[colour] ?? STATUS_COLOURS.neutral;
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid={`view-${name}`}
      aria-pressed={on}
      style={{
        border: on ? `2px solid ${fg}` : '1px solid #ccc',
        background: on ? bg : '#fff',
        color: on ? fg : '#333',
        borderRadius: 16,
        padding: '4px 12px',
        fontSize: 14,
        cursor: 'pointer',
      }}
    >
      {label}
    </button>
  );
};
