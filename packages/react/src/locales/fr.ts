import type { RebillingMessages } from '../messages.js';

/** French texts (fr). Chosen by `locale="fr-FR"` (or any `fr-*`), or pass as `messages`. */
const fr: RebillingMessages = {
  panelTitle: 'Refacturation',
  panelDescription: 'Fixez ce que paient vos sous-comptes. Votre bénéfice est la différence.',
  generalSection: 'Général',
  generalNote: 'Les SMS, e-mails et Lightning Domains sont payés depuis le portefeuille OneBalance du sous-compte.',
  addOnsSection: 'Options',
  addOnsNote: 'Les options sont débitées sur la carte du sous-compte via votre compte Stripe.',
  regionNote: 'Prix indiqués pour les États-Unis et le Canada ; les tarifs internationaux varient selon le pays.',
  scopeNote: 'Les modifications s’appliquent à tous les sous-comptes.',
  integrateStripe: '+ Connecter Stripe',
  viewLogs: 'Voir l’historique',
  stripeConnectedAs: (accountName) => `Stripe connecté : ${accountName}`,
  stripeConnected: 'Stripe connecté',
  stripeBannerTitle: {
    disconnected: 'Connectez Stripe pour fixer les prix',
    pending: 'Terminez la connexion à Stripe',
  },
  stripeBannerBody: {
    disconnected: 'Les sous-comptes sont débités via votre compte Stripe. Tant qu’il n’est pas connecté, les prix sont en lecture seule.',
    pending: 'Stripe n’a pas encore confirmé la connexion. Les prix se débloquent dès qu’il le fait.',
  },
  resumeSetup: 'Reprendre la configuration',
  panelErrorTitle: {
    prices: 'Impossible de charger vos prix',
    stripe: 'Impossible de vérifier votre connexion Stripe',
    service: 'Le service de facturation est injoignable',
  },
  panelErrorBody: 'C’est généralement temporaire. Rien de ce que vous avez enregistré n’est perdu.',
  details: 'Détails',
  staleRefresh: 'Les prix sont peut-être périmés : les plus récents n’ont pas pu être chargés.',
  regionNoteCountry: (countryName) => `Prix indiqués pour ${countryName} ; les autres pays ont leurs propres tarifs.`,

  walletTitle: 'OneBalance principal',
  walletBalance: 'Solde',
  walletLowBalanceLabel: 'M’avertir en dessous de',
  walletLowBalanceHint: 'Laisser vide pour aucun avertissement.',
  walletLowBalanceWarning: (threshold) => `Votre solde principal est inférieur à ${threshold}. Les sous-comptes sont invités à contacter leur administrateur lorsqu’il est épuisé.`,
  walletAutoRecharge: 'Recharge automatique',
  walletThreshold: 'Quand le solde passe sous',
  walletTarget: 'Recharger jusqu’à',
  walletMonthlyCap: 'Au plus par mois',
  walletTargetAboveThreshold: (threshold) => `Doit être supérieur à ${threshold}, le montant qui déclenche une recharge.`,
  walletRechargedThisMonth: (recharged, cap) => `Rechargé ${recharged} sur ${cap} ce mois-ci`,
  walletLastFailure: (at, message) => `La dernière recharge automatique a échoué (${at}) : ${message}`,
  productTitle: {
    sms: 'SMS',
    email: 'E-mails',
    lightningDomains: 'Lightning Domains',
    phoneNumbers: 'Numéros de téléphone',
    listings: 'Fiches',
  },
  productDescription: {
    sms: 'Chaque segment, entrant et sortant.',
    email: 'Chaque e-mail sortant.',
    lightningDomains: 'Chaque domaine, par période.',
    phoneNumbers: 'Chaque numéro, par mois.',
    listings: 'Chaque fiche, par mois.',
  },
  productUnit: {
    sms: 'segment',
    email: 'e-mail',
    lightningDomains: 'domaine',
    phoneNumbers: 'numéro / mois',
    listings: 'fiche / mois',
  },

  youPay: 'Vous payez',
  subAccountPays: 'Le sous-compte paie',
  profit: 'Bénéfice',
  margin: (percent) => `marge de ${percent}`,
  loss: 'Perte',
  perUnit: (price, unit) => `${price} par ${unit}`,
  multiplierLabel: 'Majoration',
  multiplierValue: (multiplier) => `×${multiplier}`,
  multiplierValueText: (multiplier, subAccountPays, plural) =>
    `${multiplier} ${plural === 'one' ? 'fois' : 'fois'}, le sous-compte paie ${subAccountPays}`,
  multiplierName: (product) => `Majoration ${product}`,
  countryRate: (country) => `Tarif pour ${country}`,
  cardCharge: (rounded) => `Débit carte ${rounded}`,
  exactPrice: (exact) => `exactement ${exact}`,
  staleFigures: 'Prix enregistré affiché tant que la saisie n’est pas valide.',
  priceInputError: (error, currency, decimals) => {
    switch (error.code) {
      case 'empty':
        return 'Saisissez un prix.';
      case 'negative':
        return 'Le prix ne peut pas être négatif. Saisissez 0 ou plus.';
      case 'exponent':
        return 'Écrivez le prix en entier, sans exposant : 0,0079 et non 7,9e-3.';
      case 'too-many-decimals':
        return decimals === 0
          ? `Saisissez un montant entier en ${currency}, sans décimales.`
          : `${decimals} décimales au plus : les prix en ${currency} sont débités en centimes entiers.`;
      case 'too-large':
        return 'Ce prix est trop élevé.';
      case 'grouping':
        return 'Utilisez « , » pour les décimales et une espace entre les milliers, comme dans 1 234,56.';
      case 'wrong-currency':
        return `Saisissez le prix en ${currency}.`;
      default:
        return 'Saisissez un nombre, par exemple 1 234,56.';
    }
  },
  highPriceConfirmTitle: 'Facturer plus de 10 fois votre coût ?',
  highPriceConfirmBody: (price, youPay) => `${price} dépasse dix fois ce que vous payez (${youPay}). Vérifiez qu’il n’y a pas de faute de frappe.`,
  highPriceConfirm: 'Enregistrer ce prix',
  conflictTheirs: 'Enregistré ailleurs',
  conflictMine: 'Le vôtre',
  conflictChangedBy: (value, actor, when) => (actor ? `Passé à ${value} par ${actor} ${when}` : `Passé à ${value} ${when}`),

  edit: 'Modifier',
  save: 'Enregistrer',
  cancel: 'Annuler',
  priceInputLabel: (product) => `Prix ${product}`,
  lossConfirmTitle: 'Vendre à perte ?',
  lossConfirmBody: (price, youPay) => `${price} est inférieur à ce que vous payez (${youPay}). Chaque vente sera à perte. Enregistrer quand même ?`,
  lossConfirm: 'Enregistrer à perte',

  loading: 'Chargement des prix…',
  saving: 'Enregistrement…',
  saved: 'Enregistré',
  savedChange: (product, value) => `${product} passé à ${value} pour tous les sous-comptes`,
  undoneChange: (product, value) => `${product} revenu à ${value} pour tous les sous-comptes`,
  undo: 'Annuler',
  saveFailed: 'Échec de l’enregistrement',
  retry: 'Réessayer',
  discard: 'Abandonner',
  conflictTitle: 'Prix modifiés ailleurs',
  conflictBody: 'Quelqu’un a modifié les prix depuis leur chargement.',
  useLatest: 'Prendre les plus récents',
  keepMine: 'Garder les miens',
  unsavedValue: (value) => `Non enregistré : ${value}`,
  loadFailed: 'Impossible de charger les prix.',
  widgetCrashed: 'Ce produit ne peut pas être affiché.',
  currencyMismatch: (expected, actual) =>
    `Les prix sont en ${actual}, mais cette page attend ${expected}. Rien n’est affiché pour éviter des montants mal libellés.`,
  disabledReason: {
    disconnected: 'Connectez Stripe pour fixer les prix. Les sous-comptes sont débités via votre compte Stripe.',
    pending: 'La configuration de Stripe se termine. Les prix se débloquent dès que Stripe confirme la connexion.',
  },
  stripePendingNote: 'Configuration de Stripe en cours…',

  close: 'Fermer',
  continue: 'Continuer',
  stripeDialogTitle: 'Connecter Stripe',
  stripeDialogDescription: 'Les sous-comptes sont débités via votre compte Stripe. Choisissez comment les clients Stripe se synchronisent avec vos contacts.',
  stripeSyncLegend: 'Synchroniser les clients Stripe comme',
  stripeSyncPeople: 'Personnes',
  stripeSyncPeopleHint: 'Chaque client Stripe devient un contact.',
  stripeSyncBusinesses: 'Entreprises',
  stripeSyncBusinessesHint: 'Chaque client Stripe devient une entreprise.',
  stripeSyncSkip: 'Ignorer',
  stripeSyncSkipHint: 'Ne pas synchroniser les clients. Modifiable plus tard.',
  stripeConnecting: 'Connexion…',
  stripeConnectFailed: 'Impossible de connecter Stripe.',
  stripeRedirecting: 'Terminez la configuration dans Stripe… Si rien ne s’ouvre, vérifiez qu’une fenêtre ou un onglet n’a pas été bloqué.',
  stripeOpen: 'Ouvrir Stripe',

  logTitle: 'Activité OneBalance',
  logDescription: 'Fonds ajoutés, consommation qui les a utilisés et autres opérations, les plus récentes d’abord.',
  logColumnTime: 'Date',
  logColumnType: 'Type',
  logColumnProduct: 'Produit',
  logColumnQuantity: 'Quantité',
  logColumnAmount: 'Montant',
  logColumnBalanceAfter: 'Solde après',
  ledgerFundsAdded: 'Fonds ajoutés',
  ledgerUsage: 'Consommation',
  ledgerRefund: 'Remboursement',
  ledgerAdjustment: 'Ajustement',
  logNoProduct: '—',
  logLoading: 'Chargement de l’activité…',
  logEmpty: 'Aucune activité pour l’instant',
  logEmptyHint: 'Les fonds que vous ajoutez et la consommation de vos sous-comptes apparaîtront ici.',
  logLoadFailed: 'Impossible de charger l’activité.',
  logUnavailable: 'L’historique d’activité n’est pas disponible ici.',
  logLoadMore: 'Charger plus',
  logLoadingMore: 'Chargement…',
  logEnd: 'C’est toute l’activité.',
  logShowing: (count) => `${count} opérations affichées`,
  logAdded: (count) => `${count} opérations de plus chargées`,
  logWallet: 'Votre portefeuille OneBalance principal',

  estimatorTitle: 'Estimateur de coût SMS',
  estimatorMessageLabel: 'Message',
  estimatorMessageHint: 'Écrivez {{nom_du_champ}} là où des données personnelles sont insérées, par ex. {{prenom}}.',
  estimatorFieldsLegend: 'Champs de fusion',
  estimatorFieldLength: (field) => `Longueur maximale de {{${field}}}`,
  estimatorFieldLengthInvalid: 'Saisissez un nombre entier, 0 ou plus.',
  estimatorUnknownFields: (fields) => `Indiquez une longueur maximale pour ${fields}. D’ici là, le texte compte tel quel ; l’estimation peut être basse.`,
  estimatorRuleLegend: 'Compter les segments selon',
  estimatorRuleFlat: '160 caractères par segment',
  estimatorRuleCarrier: 'Règles opérateur (GSM-7 160/153, UCS-2 70/67)',
  estimatorEncoding: 'Encodage',
  estimatorSegments: 'Segments',
  estimatorCharacters: 'Caractères',
  estimatorCharactersValue: (used, left) => `${used} utilisés, ${left} restants dans ce segment`,
  estimatorCharactersFlat: (used, left) => `${used} utilisés, ${left} avant le segment suivant`,
  estimatorSegmentsAnnounce: (segments) => `${segments} segment${segments === '1' ? '' : 's'}`,
  estimatorPerSegment: (price) => `${price} par segment`,
  estimatorPerMessage: 'Par message',
  estimatorIncomingNote: 'Les SMS entrants sont aussi facturés, par segment, au même prix.',

  fundsSubAccountShort: (shortfall) =>
    shortfall
      ? `Fonds insuffisants dans votre portefeuille OneBalance. Ajoutez au moins ${shortfall} pour continuer.`
      : 'Fonds insuffisants dans votre portefeuille OneBalance. Ajoutez des fonds pour continuer.',
  fundsAddFunds: 'Ajouter des fonds',
  fundsMainAccountShort: 'Ce montant ne peut pas être débité pour l’instant. Contactez votre administrateur.',
  fundsOk: 'Fonds suffisants pour ce débit.',
  historyToggle: 'Historique',
  historyLoading: 'Chargement de l’historique…',
  historyEmpty: 'Aucun changement de prix pour l’instant.',
  historyLoadFailed: 'Impossible de charger l’historique des prix.',
  historyLoadMore: 'Afficher les changements plus anciens',
  historyUnknownActor: 'Inconnu',
  historyWhen: 'Quand',
  historyWho: 'Qui',
  historyChange: 'Changement',
  historyYouPayThen: 'Votre coût alors',
  historyChangeValue: (from, to) => `${from} → ${to}`,
  historyCurrent: 'Prix actuel',
  historyRevert: 'Rétablir celui-ci',
  historyRevertName: (product, rule, when) => `${product} à ${rule}, fixé le ${when}`,
  historyRevertOutOfRange: 'Ce prix sort de ce que le produit autorise aujourd’hui : il ne peut pas être rétabli.',
  historyRevertLoss: 'Ce prix est inférieur à votre coût : chaque vente serait une perte.',
  historyRevertAnyway: 'Rétablir quand même',
  // Per-sub-account overrides
  overridesPickerLabel: 'Prix pour',
  overridesAllSubAccounts: 'Tous les sous-comptes',
  overridesScopeNote: (name) => `Les modifications s’appliquent uniquement à ${name}.`,
  overridesInherited: 'Hérité',
  overridesOverriddenFor: (name) => `Personnalisé pour ${name}`,
  overridesUseAccountWide: 'Utiliser le prix du compte',
  overridesLoadFailed: 'Impossible de charger les sous-comptes.',
  overridesRemoveFailed: 'Impossible de rétablir le prix du compte.',
  insightsVolume: (product, count, plural) =>
    `${count} ${({ sms: ['segment', 'segments'], email: ['e-mail', 'e-mails'], lightningDomains: ['domaine', 'domaines'], phoneNumbers: ['numéro acheté', 'numéros achetés'], listings: ['fiche achetée', 'fiches achetées'] } as const)[product][plural === 'one' ? 0 : 1]}`,
  insightsProjection: (volume, amount, isLoss, delta) =>
    `Au volume des 30 derniers jours (${volume}) : ${isLoss ? 'perte' : 'bénéfice'} de ${amount} / mois${delta ? `, ${delta} par rapport au prix enregistré` : ''}`,
  erosionTitle: (cost) => (cost === 'rose' ? 'Votre coût a augmenté depuis que vous avez fixé ce prix' : 'Votre coût a baissé depuis que vous avez fixé ce prix'),
  erosionBody: (youPayThen, youPayNow, profitThen, profitNow) =>
    `Votre coût est passé de ${youPayThen} à ${youPayNow}. Bénéfice par unité : ${profitThen} alors, ${profitNow} maintenant.`,
  erosionKept: 'Votre majoration conserve déjà la marge : le bénéfice par unité suit votre coût.',
  erosionRestore: 'Rétablir ma marge',
  erosionPreview: (price) => `Aperçu : ${price} conserve votre marge d’avant. Les chiffres l’affichent ; il n’est pas encore enregistré.`,
  erosionSave: 'Enregistrer ce prix',
  priceChanges: 'Modifications de prix',
  priceChangesDescription: 'Chaque prix enregistré pour tous les sous-comptes, du plus récent au plus ancien : qui, quand, de → à, et votre coût alors.',
};

export default fr;
