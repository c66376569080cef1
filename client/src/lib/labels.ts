import type { Fleet } from '../../../contracts/domain.js';

/**
 * Human text for an assignment reason. The dispatcher joins the events of one batched re-plan
 * with commas ("incident,breakdown"); each part is translated on its own, unknown parts stay raw.
 */
export function reasonText(reason: string, translate: (key: string) => string | undefined, sep = ', '): string {
  const parts = [...new Set(reason.split(',').map((p) => p.trim()).filter(Boolean))];
  return parts.map((p) => translate(`reason.${p}`) ?? p).join(sep);
}

/** Unit of VehicleView.load for a fleet (see contracts/domain.ts). */
export function loadUnit(fleet: Fleet): 'kg' | 'cars' | 'm' | 'none' {
  switch (fleet) {
    case 'kitchen':
      return 'kg';
    case 'tow':
      return 'cars';
    case 'sweeper':
      return 'm';
    default:
      return 'none';
  }
}
