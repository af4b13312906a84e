import type { RebillingMessages } from '../messages.js';

/** Spanish texts (es). Chosen by `locale="es-ES"` (or any `es-*`), or pass as `messages`. */
const es: RebillingMessages = {
  panelTitle: 'Refacturación',
  panelDescription: 'Define lo que pagan tus subcuentas. Tu beneficio es la diferencia.',
  generalSection: 'General',
  generalNote: 'Los SMS, correos y Lightning Domains se pagan desde el monedero OneBalance de la subcuenta.',
  addOnsSection: 'Complementos',
  addOnsNote: 'Los complementos se cobran en la tarjeta de la subcuenta a través de tu cuenta de Stripe.',
  regionNote: 'Los precios son para EE. UU. y Canadá; las tarifas internacionales varían según el país.',
  scopeNote: 'Los cambios se aplican a todas las subcuentas.',
  integrateStripe: '+ Conectar Stripe',
  viewLogs: 'Ver registro',
  stripeConnectedAs: (accountName) => `Stripe conectado: ${accountName}`,
  stripeConnected: 'Stripe conectado',
  stripeBannerTitle: {
    disconnected: 'Conecta Stripe para definir precios',
    pending: 'Termina de conectar Stripe',
  },
  stripeBannerBody: {
    disconnected: 'A las subcuentas se les cobra a través de tu cuenta de Stripe. Hasta conectarla, los precios son de solo lectura.',
    pending: 'Stripe aún no ha confirmado la conexión. Los precios se desbloquean en cuanto lo haga.',
  },
  resumeSetup: 'Reanudar configuración',
  panelErrorTitle: {
    prices: 'No se pudieron cargar tus precios',
    stripe: 'No se pudo comprobar tu conexión con Stripe',
    service: 'No se pudo contactar con el servicio de facturación',
  },
  panelErrorBody: 'Suele ser temporal. No se pierde nada de lo guardado.',
  details: 'Detalles',
  staleRefresh: 'Los precios pueden estar desactualizados: no se pudieron cargar los últimos.',
  regionNoteCountry: (countryName) => `Los precios son para ${countryName}; otros países tienen sus propias tarifas.`,

  walletTitle: 'OneBalance principal',
  walletBalance: 'Saldo',
  walletLowBalanceLabel: 'Avisarme por debajo de',
  walletLowBalanceHint: 'Déjelo vacío para no recibir avisos.',
  walletLowBalanceWarning: (threshold) => `Su saldo principal está por debajo de ${threshold}. Se pide a las subcuentas que contacten con su administrador cuando se agote.`,
  walletAutoRecharge: 'Recarga automática',
  walletThreshold: 'Cuando el saldo baje de',
  walletTarget: 'Recargar hasta',
  walletMonthlyCap: 'Como máximo al mes',
  walletTargetAboveThreshold: (threshold) => `Debe ser mayor que ${threshold}, el importe que activa una recarga.`,
  walletRechargedThisMonth: (recharged, cap) => `Recargado ${recharged} de ${cap} este mes`,
  walletLastFailure: (at, message) => `La última recarga automática falló (${at}): ${message}`,
  productTitle: {
    sms: 'SMS',
    email: 'Correos',
    lightningDomains: 'Lightning Domains',
    phoneNumbers: 'Números de teléfono',
    listings: 'Fichas',
  },
  productDescription: {
    sms: 'Cada segmento, entrante y saliente.',
    email: 'Cada correo saliente.',
    lightningDomains: 'Cada dominio, por periodo.',
    phoneNumbers: 'Cada número, al mes.',
    listings: 'Cada ficha, al mes.',
  },
  productUnit: {
    sms: 'segmento',
    email: 'correo',
    lightningDomains: 'dominio',
    phoneNumbers: 'número / mes',
    listings: 'ficha / mes',
  },

  youPay: 'Tú pagas',
  subAccountPays: 'La subcuenta paga',
  profit: 'Beneficio',
  margin: (percent) => `${percent} de margen`,
  loss: 'Pérdida',
  perUnit: (price, unit) => `${price} por ${unit}`,
  multiplierLabel: 'Margen',
  multiplierValue: (multiplier) => `${multiplier}×`,
  multiplierValueText: (multiplier, subAccountPays, plural) =>
    `${multiplier} ${plural === 'one' ? 'vez' : 'veces'}, la subcuenta paga ${subAccountPays}`,
  multiplierName: (product) => `Margen de ${product}`,
  countryRate: (country) => `Tarifa de ${country}`,
  cardCharge: (rounded) => `Cargo en tarjeta ${rounded}`,
  exactPrice: (exact) => `exactamente ${exact}`,
  staleFigures: 'Se muestra el precio guardado hasta que el escrito sea válido.',
  priceInputError: (error, currency, decimals) => {
    switch (error.code) {
      case 'empty':
        return 'Escribe un precio.';
      case 'negative':
        return 'El precio no puede ser negativo. Escribe 0 o más.';
      case 'exponent':
        return 'Escribe el precio completo, sin exponente: 0,0079, no 7,9e-3.';
      case 'too-many-decimals':
        return decimals === 0
          ? `Escribe un importe entero en ${currency}, sin decimales.`
          : `Como máximo ${decimals} decimales: los precios en ${currency} se cobran en céntimos enteros.`;
      case 'too-large':
        return 'Ese precio es demasiado alto.';
      case 'grouping':
        return 'Usa «,» para los decimales y «.» entre los miles, como en 1.234,56.';
      case 'wrong-currency':
        return `Escribe el precio en ${currency}.`;
      default:
        return 'Escribe un número, como 1.234,56.';
    }
  },
  highPriceConfirmTitle: '¿Cobrar más de 10 veces lo que pagas?',
  highPriceConfirmBody: (price, youPay) => `${price} es más de diez veces lo que pagas (${youPay}). Comprueba que no haya una errata.`,
  highPriceConfirm: 'Guardar este precio',
  conflictTheirs: 'Guardado en otro lugar',
  conflictMine: 'El tuyo',
  conflictChangedBy: (value, actor, when) => (actor ? `${actor} lo cambió a ${value} ${when}` : `Cambiado a ${value} ${when}`),

  edit: 'Editar',
  save: 'Guardar',
  cancel: 'Cancelar',
  priceInputLabel: (product) => `Precio de ${product}`,
  lossConfirmTitle: '¿Vender por debajo del coste?',
  lossConfirmBody: (price, youPay) => `${price} está por debajo de lo que pagas (${youPay}). Cada venta perderá dinero. ¿Guardar igualmente?`,
  lossConfirm: 'Guardar con pérdida',

  loading: 'Cargando precios…',
  saving: 'Guardando…',
  saved: 'Guardado',
  savedChange: (product, value) => `${product}: ${value} para todas las subcuentas`,
  undoneChange: (product, value) => `${product}: de vuelta a ${value} para todas las subcuentas`,
  undo: 'Deshacer',
  saveFailed: 'No se pudo guardar',
  retry: 'Reintentar',
  discard: 'Descartar',
  conflictTitle: 'Los precios cambiaron en otro lugar',
  conflictBody: 'Alguien cambió los precios desde que los cargaste.',
  useLatest: 'Usar los últimos',
  keepMine: 'Mantener los míos',
  unsavedValue: (value) => `Sin guardar: ${value}`,
  loadFailed: 'No se pudieron cargar los precios.',
  widgetCrashed: 'No se puede mostrar este producto.',
  currencyMismatch: (expected, actual) =>
    `Los precios están en ${actual}, pero esta página espera ${expected}. No se muestra nada para evitar importes mal etiquetados.`,
  disabledReason: {
    disconnected: 'Conecta Stripe para definir precios. A las subcuentas se les cobra a través de tu cuenta de Stripe.',
    pending: 'Se está terminando la configuración de Stripe. Los precios se desbloquean cuando Stripe confirme la conexión.',
  },
  stripePendingNote: 'Configuración de Stripe en curso…',

  close: 'Cerrar',
  continue: 'Continuar',
  stripeDialogTitle: 'Conectar Stripe',
  stripeDialogDescription: 'A las subcuentas se les cobra a través de tu cuenta de Stripe. Elige cómo se sincronizan los clientes de Stripe con tus contactos.',
  stripeSyncLegend: 'Sincronizar clientes de Stripe como',
  stripeSyncPeople: 'Personas',
  stripeSyncPeopleHint: 'Cada cliente de Stripe pasa a ser un contacto.',
  stripeSyncBusinesses: 'Empresas',
  stripeSyncBusinessesHint: 'Cada cliente de Stripe pasa a ser una empresa.',
  stripeSyncSkip: 'Omitir',
  stripeSyncSkipHint: 'No sincronizar clientes. Puedes cambiarlo más tarde.',
  stripeConnecting: 'Conectando…',
  stripeConnectFailed: 'No se pudo conectar Stripe.',
  stripeRedirecting: 'Termina la configuración en Stripe… Si no se abre nada, revisa si se bloqueó una ventana o pestaña.',
  stripeOpen: 'Abrir Stripe',

  logTitle: 'Actividad de OneBalance',
  logDescription: 'Fondos añadidos, el consumo que los usó y otra actividad, lo más reciente primero.',
  logColumnTime: 'Fecha',
  logColumnType: 'Tipo',
  logColumnProduct: 'Producto',
  logColumnQuantity: 'Cantidad',
  logColumnAmount: 'Importe',
  logColumnBalanceAfter: 'Saldo después',
  ledgerFundsAdded: 'Fondos añadidos',
  ledgerUsage: 'Consumo',
  ledgerRefund: 'Reembolso',
  ledgerAdjustment: 'Ajuste',
  logNoProduct: '—',
  logLoading: 'Cargando actividad…',
  logEmpty: 'Aún no hay actividad',
  logEmptyHint: 'Aquí aparecerán los fondos que añadas y el consumo que hagan tus subcuentas.',
  logLoadFailed: 'No se pudo cargar la actividad.',
  logUnavailable: 'El registro de actividad no está disponible aquí.',
  logLoadMore: 'Cargar más',
  logLoadingMore: 'Cargando más…',
  logEnd: 'Esa es toda la actividad.',
  logShowing: (count) => `Mostrando ${count} movimientos`,
  logAdded: (count) => `${count} movimientos más cargados`,
  logWallet: 'Tu monedero OneBalance principal',

  estimatorTitle: 'Estimador de coste de SMS',
  estimatorMessageLabel: 'Mensaje',
  estimatorMessageHint: 'Escribe {{nombre_campo}} donde se insertan datos personales, p. ej. {{nombre}}.',
  estimatorFieldsLegend: 'Campos combinados',
  estimatorFieldLength: (field) => `Longitud máxima de {{${field}}}`,
  estimatorFieldLengthInvalid: 'Escribe un número entero, 0 o más.',
  estimatorUnknownFields: (fields) => `Indica una longitud máxima para ${fields}. Mientras tanto cuenta tal como está escrito; la estimación puede quedarse corta.`,
  estimatorRuleLegend: 'Contar segmentos por',
  estimatorRuleFlat: '160 caracteres por segmento',
  estimatorRuleCarrier: 'Reglas del operador (GSM-7 160/153, UCS-2 70/67)',
  estimatorEncoding: 'Codificación',
  estimatorSegments: 'Segmentos',
  estimatorCharacters: 'Caracteres',
  estimatorCharactersValue: (used, left) => `${used} usados, quedan ${left} en este segmento`,
  estimatorCharactersFlat: (used, left) => `${used} usados, ${left} hasta el siguiente segmento`,
  estimatorSegmentsAnnounce: (segments) => `${segments} segmento${segments === '1' ? '' : 's'}`,
  estimatorPerSegment: (price) => `${price} por segmento`,
  estimatorPerMessage: 'Por mensaje',
  estimatorIncomingNote: 'Los SMS entrantes también se cobran, por segmento, al mismo precio.',

  fundsSubAccountShort: (shortfall) =>
    shortfall
      ? `No hay fondos suficientes en tu monedero OneBalance. Añade al menos ${shortfall} para continuar.`
      : 'No hay fondos suficientes en tu monedero OneBalance. Añade fondos para continuar.',
  fundsAddFunds: 'Añadir fondos',
  fundsMainAccountShort: 'No se puede cobrar en este momento. Contacta con tu administrador.',
  fundsOk: 'Hay fondos suficientes para este cargo.',
  historyToggle: 'Historial',
  historyLoading: 'Cargando historial…',
  historyEmpty: 'Aún no hay cambios de precio.',
  historyLoadFailed: 'No se pudo cargar el historial de precios.',
  historyLoadMore: 'Ver cambios anteriores',
  historyUnknownActor: 'Desconocido',
  historyWhen: 'Cuándo',
  historyWho: 'Quién',
  historyChange: 'Cambio',
  historyYouPayThen: 'Tu costo entonces',
  historyChangeValue: (from, to) => `${from} → ${to}`,
  historyCurrent: 'Precio actual',
  historyRevert: 'Volver a este',
  historyRevertName: (product, rule, when) => `${product} a ${rule}, fijado ${when}`,
  historyRevertOutOfRange: 'Este precio está fuera de lo que el producto permite hoy, así que no se puede restaurar.',
  historyRevertLoss: 'Este precio está por debajo de tu costo: cada venta sería una pérdida.',
  historyRevertAnyway: 'Volver de todos modos',
  // Per-sub-account overrides
  overridesPickerLabel: 'Precios para',
  overridesAllSubAccounts: 'Todas las subcuentas',
  overridesScopeNote: (name) => `Los cambios se aplican solo a ${name}.`,
  overridesInherited: 'Heredado',
  overridesOverriddenFor: (name) => `Personalizado para ${name}`,
  overridesUseAccountWide: 'Usar el precio de la cuenta',
  overridesLoadFailed: 'No se pudieron cargar las subcuentas.',
  overridesRemoveFailed: 'No se pudo restaurar el precio de la cuenta.',
  insightsVolume: (product, count, plural) =>
    `${count} ${({ sms: ['segmento', 'segmentos'], email: ['correo', 'correos'], lightningDomains: ['dominio', 'dominios'], phoneNumbers: ['número comprado', 'números comprados'], listings: ['ficha comprada', 'fichas compradas'] } as const)[product][plural === 'one' ? 0 : 1]}`,
  insightsProjection: (volume, amount, isLoss, delta) =>
    `Con el volumen de los últimos 30 días (${volume}): ${amount} / mes de ${isLoss ? 'pérdida' : 'beneficio'}${delta ? `, ${delta} frente al precio guardado` : ''}`,
  erosionTitle: (cost) => (cost === 'rose' ? 'Tu coste subió desde que fijaste este precio' : 'Tu coste bajó desde que fijaste este precio'),
  erosionBody: (youPayThen, youPayNow, profitThen, profitNow) =>
    `Tu coste pasó de ${youPayThen} a ${youPayNow}. Beneficio por unidad: ${profitThen} entonces, ${profitNow} ahora.`,
  erosionKept: 'Tu margen multiplicador ya mantiene el margen: el beneficio por unidad sigue a tu coste.',
  erosionRestore: 'Recuperar mi margen',
  erosionPreview: (price) => `Vista previa: ${price} mantiene el margen que tenías. Las cifras lo muestran; aún no está guardado.`,
  erosionSave: 'Guardar este precio',
  priceChanges: 'Cambios de precio',
  priceChangesDescription: 'Cada precio guardado para todas las subcuentas, del más reciente al más antiguo: quién, cuándo, de → a, y tu coste entonces.',
};

export default es;
