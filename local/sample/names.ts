/**
 * Invented given and family names for sample people. None belongs to a real person; the lists
 * are plain ASCII so that the two deliberate exceptions (see people.ts) stand out.
 */

/** Invented given names. */
export const GIVEN_NAMES: readonly string[] = [
  'Arvel', 'Brisa', 'Caedon', 'Delphy', 'Eshra', 'Fenwick', 'Galen', 'Hestia', 'Ilvar', 'Jorunn',
  'Kestrel', 'Lunet', 'Marek', 'Nerys', 'Orwin', 'Pell', 'Quilla', 'Rowan', 'Sabeth', 'Tavi',
  'Ulric', 'Vesna', 'Wrenna', 'Xavos', 'Yara', 'Zeb', 'Alder', 'Brannoc', 'Calla', 'Dorrin',
];

/** Invented family names. */
export const FAMILY_NAMES: readonly string[] = [
  'Ambersley', 'Brightwater', 'Coldmere', 'Dunmarrow', 'Elderfield', 'Farrowgate', 'Glimmerholt',
  'Hollowmere', 'Ironvale', 'Juniperstone', 'Kettleby', 'Larkspire', 'Mossbridge', 'Nettlecombe',
  'Oakhallow', 'Pebblecroft', 'Quenby', 'Ravensworth', 'Saltmarsh', 'Thistlewood', 'Underhay',
  'Vellacott', 'Willowmere', 'Yarrowby', 'Zinderfell',
];

/** The one accented given name, to exercise UTF-8 handling. */
export const ACCENTED_GIVEN_NAME = 'Zélie';
