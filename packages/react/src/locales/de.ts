import type { RebillingMessages } from '../messages.js';

/** German texts (de). Chosen by `locale="de-DE"` (or any `de-*`), or pass as `messages`. */
const de: RebillingMessages = {
  panelTitle: 'Weiterberechnung',
  panelDescription: 'Legen Sie fest, was Ihre Unterkonten zahlen. Ihr Gewinn ist die Differenz.',
  generalSection: 'Allgemein',
  generalNote: 'SMS, E-Mails und Lightning-Domains werden aus dem OneBalance-Guthaben des Unterkontos bezahlt.',
  addOnsSection: 'Zusatzleistungen',
  addOnsNote: 'Zusatzleistungen werden über Ihr Stripe-Konto der Karte des Unterkontos belastet.',
  regionNote: 'Die Preise gelten für die USA und Kanada; internationale Tarife variieren je nach Land.',
  scopeNote: 'Änderungen gelten für alle Unterkonten.',
  integrateStripe: '+ Stripe verbinden',
  viewLogs: 'Protokoll ansehen',
  stripeConnectedAs: (accountName) => `Stripe verbunden: ${accountName}`,
  stripeConnected: 'Stripe verbunden',
  stripeBannerTitle: {
    disconnected: 'Verbinden Sie Stripe, um Preise festzulegen',
    pending: 'Stripe-Verbindung abschließen',
  },
  stripeBannerBody: {
    disconnected: 'Unterkonten werden über Ihr Stripe-Konto belastet. Bis es verbunden ist, sind die Preise schreibgeschützt.',
    pending: 'Stripe hat die Verbindung noch nicht bestätigt. Die Preise werden freigegeben, sobald das geschieht.',
  },
  resumeSetup: 'Einrichtung fortsetzen',
  panelErrorTitle: {
    prices: 'Ihre Preise konnten nicht geladen werden',
    stripe: 'Ihre Stripe-Verbindung konnte nicht geprüft werden',
    service: 'Der Abrechnungsdienst ist nicht erreichbar',
  },
  panelErrorBody: 'Das ist meist vorübergehend. Nichts Gespeichertes geht verloren.',
  details: 'Details',
  staleRefresh: 'Die Preise sind eventuell veraltet: Die neuesten konnten nicht geladen werden.',
  regionNoteCountry: (countryName) => `Die Preise gelten für ${countryName}; andere Länder haben eigene Tarife.`,

  walletTitle: 'Haupt-OneBalance',
  walletBalance: 'Guthaben',
  walletLowBalanceLabel: 'Warnen unter',
  walletLowBalanceHint: 'Leer lassen für keine Warnung.',
  walletLowBalanceWarning: (threshold) => `Ihr Hauptguthaben liegt unter ${threshold}. Unterkonten werden gebeten, ihren Administrator zu kontaktieren, wenn es aufgebraucht ist.`,
  walletAutoRecharge: 'Automatisch aufladen',
  walletThreshold: 'Wenn das Guthaben fällt unter',
  walletTarget: 'Aufladen auf',
  walletMonthlyCap: 'Höchstens pro Monat',
  walletTargetAboveThreshold: (threshold) => `Muss über ${threshold} liegen, dem Betrag, der das Aufladen auslöst.`,
  walletRechargedThisMonth: (recharged, cap) => `Diesen Monat ${recharged} von ${cap} aufgeladen`,
  walletLastFailure: (at, message) => `Letzte automatische Aufladung fehlgeschlagen (${at}): ${message}`,
  productTitle: {
    sms: 'SMS',
    email: 'E-Mails',
    lightningDomains: 'Lightning-Domains',
    phoneNumbers: 'Telefonnummern',
    listings: 'Einträge',
  },
  productDescription: {
    sms: 'Jedes Segment, ein- und ausgehend.',
    email: 'Jede ausgehende E-Mail.',
    lightningDomains: 'Jede Domain, pro Zeitraum.',
    phoneNumbers: 'Jede Nummer, pro Monat.',
    listings: 'Jeder Eintrag, pro Monat.',
  },
  productUnit: {
    sms: 'Segment',
    email: 'E-Mail',
    lightningDomains: 'Domain',
    phoneNumbers: 'Nummer / Monat',
    listings: 'Eintrag / Monat',
  },

  youPay: 'Sie zahlen',
  subAccountPays: 'Unterkonto zahlt',
  profit: 'Gewinn',
  margin: (percent) => `${percent} Marge`,
  loss: 'Verlust',
  perUnit: (price, unit) => `${price} pro ${unit}`,
  multiplierLabel: 'Aufschlag',
  multiplierValue: (multiplier) => `${multiplier}×`,
  multiplierValueText: (multiplier, subAccountPays) => `${multiplier}-fach, Unterkonto zahlt ${subAccountPays}`,
  multiplierName: (product) => `Aufschlag ${product}`,
  countryRate: (country) => `Tarif für ${country}`,
  cardCharge: (rounded) => `Kartenbelastung ${rounded}`,
  exactPrice: (exact) => `genau ${exact}`,
  staleFigures: 'Es wird der gespeicherte Preis gezeigt, bis der eingegebene gültig ist.',
  priceInputError: (error, currency, decimals) => {
    switch (error.code) {
      case 'empty':
        return 'Geben Sie einen Preis ein.';
      case 'negative':
        return 'Der Preis darf nicht negativ sein. Geben Sie 0 oder mehr ein.';
      case 'exponent':
        return 'Schreiben Sie den Preis aus, ohne Exponent: 0,0079 statt 7,9e-3.';
      case 'too-many-decimals':
        return decimals === 0
          ? `Geben Sie einen ganzen Betrag in ${currency} ein, ohne Nachkommastellen.`
          : `Höchstens ${decimals} Nachkommastellen: ${currency}-Preise werden in ganzen Cent belastet.`;
      case 'too-large':
        return 'Dieser Preis ist zu hoch.';
      case 'grouping':
        return 'Verwenden Sie „,“ für Dezimalstellen und „.“ zwischen Tausendern, z. B. 1.234,56.';
      case 'wrong-currency':
        return `Geben Sie den Preis in ${currency} ein.`;
      default:
        return 'Geben Sie eine Zahl ein, z. B. 1.234,56.';
    }
  },
  highPriceConfirmTitle: 'Mehr als das Zehnfache Ihrer Kosten berechnen?',
  highPriceConfirmBody: (price, youPay) => `${price} ist mehr als das Zehnfache dessen, was Sie zahlen (${youPay}). Prüfen Sie auf Tippfehler.`,
  highPriceConfirm: 'Diesen Preis speichern',
  conflictTheirs: 'Anderswo gespeichert',
  conflictMine: 'Ihr Wert',
  conflictChangedBy: (value, actor, when) => (actor ? `${when} von ${actor} auf ${value} geändert` : `${when} auf ${value} geändert`),

  edit: 'Bearbeiten',
  save: 'Speichern',
  cancel: 'Abbrechen',
  priceInputLabel: (product) => `Preis für ${product}`,
  lossConfirmTitle: 'Unter Kosten verkaufen?',
  lossConfirmBody: (price, youPay) => `${price} liegt unter Ihren Kosten (${youPay}). Jeder Verkauf macht Verlust. Trotzdem speichern?`,
  lossConfirm: 'Mit Verlust speichern',

  loading: 'Preise werden geladen…',
  saving: 'Wird gespeichert…',
  saved: 'Gespeichert',
  savedChange: (product, value) => `${product} für alle Unterkonten auf ${value} gesetzt`,
  undoneChange: (product, value) => `${product} für alle Unterkonten zurück auf ${value} gesetzt`,
  undo: 'Rückgängig',
  saveFailed: 'Speichern fehlgeschlagen',
  retry: 'Erneut versuchen',
  discard: 'Verwerfen',
  conflictTitle: 'Preise wurden anderswo geändert',
  conflictBody: 'Jemand hat die Preise geändert, seit Sie sie geladen haben.',
  useLatest: 'Neueste übernehmen',
  keepMine: 'Meine behalten',
  unsavedValue: (value) => `Nicht gespeichert: ${value}`,
  loadFailed: 'Preise konnten nicht geladen werden.',
  widgetCrashed: 'Dieses Produkt kann nicht angezeigt werden.',
  currencyMismatch: (expected, actual) =>
    `Die Preise sind in ${actual}, diese Seite erwartet ${expected}. Um falsch beschriftete Beträge zu vermeiden, wird nichts angezeigt.`,
  disabledReason: {
    disconnected: 'Verbinden Sie Stripe, um Preise festzulegen. Unterkonten werden über Ihr Stripe-Konto belastet.',
    pending: 'Die Stripe-Einrichtung wird abgeschlossen. Die Preise werden freigegeben, sobald Stripe die Verbindung bestätigt.',
  },
  stripePendingNote: 'Stripe-Einrichtung läuft…',

  close: 'Schließen',
  continue: 'Weiter',
  stripeDialogTitle: 'Stripe verbinden',
  stripeDialogDescription: 'Unterkonten werden über Ihr Stripe-Konto belastet. Wählen Sie, wie Stripe-Kunden mit Ihren Kontakten abgeglichen werden.',
  stripeSyncLegend: 'Stripe-Kunden abgleichen als',
  stripeSyncPeople: 'Personen',
  stripeSyncPeopleHint: 'Jeder Stripe-Kunde wird ein Kontakt.',
  stripeSyncBusinesses: 'Unternehmen',
  stripeSyncBusinessesHint: 'Jeder Stripe-Kunde wird ein Unternehmen.',
  stripeSyncSkip: 'Überspringen',
  stripeSyncSkipHint: 'Kunden nicht abgleichen. Das lässt sich später ändern.',
  stripeConnecting: 'Wird verbunden…',
  stripeConnectFailed: 'Stripe konnte nicht verbunden werden.',
  stripeRedirecting: 'Schließen Sie die Einrichtung bei Stripe ab… Öffnet sich nichts, prüfen Sie auf ein blockiertes Pop-up oder einen neuen Tab.',
  stripeOpen: 'Stripe öffnen',

  logTitle: 'OneBalance-Aktivität',
  logDescription: 'Aufladungen, die Nutzung, die sie verbraucht hat, und weitere Aktivität, neueste zuerst.',
  logColumnTime: 'Zeit',
  logColumnType: 'Art',
  logColumnProduct: 'Produkt',
  logColumnQuantity: 'Menge',
  logColumnAmount: 'Betrag',
  logColumnBalanceAfter: 'Saldo danach',
  ledgerFundsAdded: 'Aufladung',
  ledgerUsage: 'Nutzung',
  ledgerRefund: 'Erstattung',
  ledgerAdjustment: 'Korrektur',
  logNoProduct: '—',
  logLoading: 'Aktivität wird geladen…',
  logEmpty: 'Noch keine Aktivität',
  logEmptyHint: 'Hier erscheinen Ihre Aufladungen und die Nutzung, die Ihre Unterkonten davon verbrauchen.',
  logLoadFailed: 'Die Aktivität konnte nicht geladen werden.',
  logUnavailable: 'Das Aktivitätsprotokoll ist hier nicht verfügbar.',
  logLoadMore: 'Mehr laden',
  logLoadingMore: 'Mehr wird geladen…',
  logEnd: 'Das ist die gesamte Aktivität.',
  logShowing: (count) => `${count} Einträge angezeigt`,
  logAdded: (count) => `${count} weitere Einträge geladen`,
  logWallet: 'Ihr OneBalance-Hauptguthaben',

  estimatorTitle: 'SMS-Kostenschätzer',
  estimatorMessageLabel: 'Nachricht',
  estimatorMessageHint: 'Schreiben Sie {{feldname}}, wo persönliche Daten eingefügt werden, z. B. {{vorname}}.',
  estimatorFieldsLegend: 'Platzhalter',
  estimatorFieldLength: (field) => `Maximale Länge von {{${field}}}`,
  estimatorFieldLengthInvalid: 'Geben Sie eine ganze Zahl ab 0 ein.',
  estimatorUnknownFields: (fields) => `Legen Sie eine maximale Länge für ${fields} fest. Bis dahin zählt der Text wie geschrieben; die Schätzung kann zu niedrig sein.`,
  estimatorRuleLegend: 'Segmente zählen nach',
  estimatorRuleFlat: '160 Zeichen pro Segment',
  estimatorRuleCarrier: 'Netzbetreiber-Regeln (GSM-7 160/153, UCS-2 70/67)',
  estimatorEncoding: 'Kodierung',
  estimatorSegments: 'Segmente',
  estimatorCharacters: 'Zeichen',
  estimatorCharactersValue: (used, left) => `${used} verwendet, ${left} frei in diesem Segment`,
  estimatorCharactersFlat: (used, left) => `${used} verwendet, ${left} bis zum nächsten Segment`,
  estimatorSegmentsAnnounce: (segments) => `${segments} ${segments === '1' ? 'Segment' : 'Segmente'}`,
  estimatorPerSegment: (price) => `${price} pro Segment`,
  estimatorPerMessage: 'Pro Nachricht',
  estimatorIncomingNote: 'Eingehende SMS werden ebenfalls pro Segment zum selben Preis berechnet.',

  fundsSubAccountShort: (shortfall) =>
    shortfall
      ? `Nicht genug Guthaben in Ihrem OneBalance. Laden Sie mindestens ${shortfall} auf, um fortzufahren.`
      : 'Nicht genug Guthaben in Ihrem OneBalance. Laden Sie Guthaben auf, um fortzufahren.',
  fundsAddFunds: 'Guthaben aufladen',
  fundsMainAccountShort: 'Das kann gerade nicht berechnet werden. Wenden Sie sich an Ihren Administrator.',
  fundsOk: 'Genug Guthaben für diese Belastung.',
  historyToggle: 'Verlauf',
  historyLoading: 'Verlauf wird geladen …',
  historyEmpty: 'Noch keine Preisänderungen.',
  historyLoadFailed: 'Der Preisverlauf konnte nicht geladen werden.',
  historyLoadMore: 'Ältere Änderungen anzeigen',
  historyUnknownActor: 'Unbekannt',
  historyWhen: 'Wann',
  historyWho: 'Wer',
  historyChange: 'Änderung',
  historyYouPayThen: 'Ihre Kosten damals',
  historyChangeValue: (from, to) => `${from} → ${to}`,
  historyCurrent: 'Aktueller Preis',
  historyRevert: 'Wiederherstellen',
  historyRevertName: (product, rule, when) => `${product} auf ${rule}, festgelegt ${when}`,
  historyRevertOutOfRange: 'Dieser Preis liegt außerhalb dessen, was das Produkt heute erlaubt, und kann nicht wiederhergestellt werden.',
  historyRevertLoss: 'Dieser Preis liegt unter Ihren Kosten: Jeder Verkauf wäre ein Verlust.',
  historyRevertAnyway: 'Trotzdem wiederherstellen',
  // Per-sub-account overrides
  overridesPickerLabel: 'Preise für',
  overridesAllSubAccounts: 'Alle Unterkonten',
  overridesScopeNote: (name) => `Änderungen gelten nur für ${name}.`,
  overridesInherited: 'Übernommen',
  overridesOverriddenFor: (name) => `Abweichend für ${name}`,
  overridesUseAccountWide: 'Kontoweiten Preis verwenden',
  overridesLoadFailed: 'Die Unterkonten konnten nicht geladen werden.',
  overridesRemoveFailed: 'Der kontoweite Preis konnte nicht wiederhergestellt werden.',
  insightsVolume: (product, count, plural) =>
    `${count} ${({ sms: ['Segment', 'Segmente'], email: ['E-Mail', 'E-Mails'], lightningDomains: ['Domain', 'Domains'], phoneNumbers: ['gekaufte Telefonnummer', 'gekaufte Telefonnummern'], listings: ['gekaufter Eintrag', 'gekaufte Einträge'] } as const)[product][plural === 'one' ? 0 : 1]}`,
  insightsProjection: (volume, amount, isLoss, delta) =>
    `Beim Volumen der letzten 30 Tage (${volume}): ${amount} / Monat ${isLoss ? 'Verlust' : 'Gewinn'}${delta ? `, ${delta} gegenüber dem gespeicherten Preis` : ''}`,
  erosionTitle: (cost) => (cost === 'rose' ? 'Ihre Kosten sind gestiegen, seit Sie diesen Preis festgelegt haben' : 'Ihre Kosten sind gesunken, seit Sie diesen Preis festgelegt haben'),
  erosionBody: (youPayThen, youPayNow, profitThen, profitNow) =>
    `Ihre Kosten gingen von ${youPayThen} auf ${youPayNow}. Gewinn pro Einheit: damals ${profitThen}, jetzt ${profitNow}.`,
  erosionKept: 'Ihr Aufschlag hält die Marge bereits: Der Gewinn pro Einheit folgt Ihren Kosten.',
  erosionRestore: 'Meine Marge wiederherstellen',
  erosionPreview: (price) => `Vorschau: ${price} hält Ihre bisherige Marge. Die Zahlen zeigen ihn; er ist noch nicht gespeichert.`,
  erosionSave: 'Diesen Preis speichern',
  priceChanges: 'Preisänderungen',
  priceChangesDescription: 'Jeder für alle Unterkonten gespeicherte Preis, neueste zuerst: wer, wann, von → nach und Ihre Kosten damals.',
};

export default de;
