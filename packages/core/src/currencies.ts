/**
 * ISO 4217 minor units: how many decimal places each active currency has. The table is the
 * authority for rounding a card charge and showing a total; the runtime's `Intl` data is not
 * (CLDR gives IQD 0 where ISO says 3, HUF 0 where ISO says 2, and differs on more).
 *
 * Source: ISO 4217 "List One" (current currency and funds), funds codes included (BOV, CHE,
 * CHW, CLF, COU, MXV, USN, UYI, UYW). Codes without a minor unit (precious metals XAU/XAG/XPD/
 * XPT, XDR, bond units XBA–XBD, XSU, XUA, testing XTS, XXX) and withdrawn codes (HRK, CUC, SLL,
 * ZWL, ANG) are left out: nothing is priced in them.
 * @module
 */

const ZERO_DECIMALS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DECIMALS = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DECIMALS = 'CLF UYW';
const TWO_DECIMALS =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL ' +
  'GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR ' +
  'LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD ' +
  'PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC ' +
  'SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG';

function table(): Readonly<Record<string, number>> {
  const digits: Record<string, number> = Object.create(null);
  for (const [codes, places] of [[ZERO_DECIMALS, 0], [TWO_DECIMALS, 2], [THREE_DECIMALS, 3], [FOUR_DECIMALS, 4]] as const) {
    for (const code of codes.split(' ')) digits[code] = places;
  }
  return Object.freeze(digits);
}

/** ISO 4217 code → decimal places of its minor unit (USD 2, JPY 0, KWD 3, CLF 4). */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = table();
