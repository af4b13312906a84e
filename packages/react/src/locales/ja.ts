import type { RebillingMessages } from '../messages.js';

/** Japanese texts (ja). Chosen by `locale="ja-JP"` (or any `ja-*`), or pass as `messages`. */
const ja: RebillingMessages = {
  panelTitle: 'リビリング',
  panelDescription: 'サブアカウントの支払額を設定します。差額があなたの利益です。',
  generalSection: '一般',
  generalNote: 'SMS、メール、Lightning ドメインはサブアカウントの OneBalance 残高から支払われます。',
  addOnsSection: 'アドオン',
  addOnsNote: 'アドオンはあなたの Stripe アカウントを通じてサブアカウントのカードに請求されます。',
  regionNote: '表示価格は米国・カナダ向けです。海外の料金は国によって異なります。',
  scopeNote: '変更はすべてのサブアカウントに適用されます。',
  integrateStripe: '+ Stripe を連携',
  viewLogs: '履歴を表示',
  stripeConnectedAs: (accountName) => `Stripe 連携済み：${accountName}`,
  stripeConnected: 'Stripe 連携済み',
  stripeBannerTitle: {
    disconnected: '価格を設定するには Stripe を連携してください',
    pending: 'Stripe の連携を完了してください',
  },
  stripeBannerBody: {
    disconnected: 'サブアカウントへの請求はあなたの Stripe アカウントを通じて行われます。連携するまで価格は閲覧のみです。',
    pending: 'Stripe がまだ連携を確認していません。確認され次第、価格を編集できます。',
  },
  resumeSetup: '設定を再開',
  panelErrorTitle: {
    prices: '価格を読み込めませんでした',
    stripe: 'Stripe の連携状態を確認できませんでした',
    service: 'リビリングサービスに接続できませんでした',
  },
  panelErrorBody: '多くの場合は一時的なものです。保存済みの内容は失われません。',
  details: '詳細',
  staleRefresh: '価格が最新でない可能性があります。最新の価格を読み込めませんでした。',
  regionNoteCountry: (countryName) => `表示価格は${countryName}向けです。他の国には別の料金があります。`,

  walletTitle: 'メインの OneBalance',
  walletBalance: '残高',
  walletLowBalanceLabel: 'この金額を下回ったら警告',
  walletLowBalanceHint: '警告しない場合は空欄にしてください。',
  walletLowBalanceWarning: (threshold) => `メイン残高が ${threshold} を下回っています。残高がなくなると、サブアカウントには管理者に連絡するよう案内されます。`,
  walletAutoRecharge: '自動チャージ',
  walletThreshold: '残高がこの金額を下回ったとき',
  walletTarget: 'チャージ後の残高',
  walletMonthlyCap: '1 か月の上限',
  walletTargetAboveThreshold: (threshold) => `チャージを開始する金額 ${threshold} より大きくしてください。`,
  walletRechargedThisMonth: (recharged, cap) => `今月のチャージ: ${cap} 中 ${recharged}`,
  walletLastFailure: (at, message) => `前回の自動チャージに失敗しました（${at}）: ${message}`,
  productTitle: {
    sms: 'SMS',
    email: 'メール',
    lightningDomains: 'Lightning ドメイン',
    phoneNumbers: '電話番号',
    listings: 'リスティング',
  },
  productDescription: {
    sms: '送受信のすべてのセグメント。',
    email: '送信するすべてのメール。',
    lightningDomains: 'ドメインごと、期間ごと。',
    phoneNumbers: '番号ごと、月額。',
    listings: 'リスティングごと、月額。',
  },
  productUnit: {
    sms: 'セグメント',
    email: '通',
    lightningDomains: 'ドメイン',
    phoneNumbers: '番号・月',
    listings: '件・月',
  },

  youPay: 'あなたの支払額',
  subAccountPays: 'サブアカウントの支払額',
  profit: '利益',
  margin: (percent) => `利益率 ${percent}`,
  loss: '損失',
  perUnit: (price, unit) => `${price} / ${unit}`,
  multiplierLabel: '掛け率',
  multiplierValue: (multiplier) => `${multiplier}倍`,
  multiplierValueText: (multiplier, subAccountPays) => `${multiplier}倍、サブアカウントの支払額 ${subAccountPays}`,
  multiplierName: (product) => `${product} の掛け率`,
  countryRate: (country) => `${country}の料金`,
  cardCharge: (rounded) => `カード請求額 ${rounded}`,
  exactPrice: (exact) => `正確には ${exact}`,
  staleFigures: '入力が正しくなるまで、保存済みの価格を表示しています。',
  priceInputError: (error, currency, decimals) => {
    switch (error.code) {
      case 'empty':
        return '価格を入力してください。';
      case 'negative':
        return '価格は負にできません。0 以上を入力してください。';
      case 'exponent':
        return '指数表記を使わずに入力してください（7.9e-3 ではなく 0.0079）。';
      case 'too-many-decimals':
        return decimals === 0
          ? `${currency} は小数なしの整数で入力してください。`
          : `小数点以下は ${decimals} 桁までです（${currency} は最小通貨単位で請求されます）。`;
      case 'too-large':
        return '価格が大きすぎます。';
      case 'grouping':
        return '小数点は「.」、桁区切りは「,」を使ってください（例：1,234.56）。';
      case 'wrong-currency':
        return `${currency} で入力してください。`;
      default:
        return '数値を入力してください（例：1,234）。';
    }
  },
  highPriceConfirmTitle: '支払額の 10 倍を超えて請求しますか？',
  highPriceConfirmBody: (price, youPay) => `${price} はあなたの支払額（${youPay}）の 10 倍を超えています。入力ミスがないか確認してください。`,
  highPriceConfirm: 'この価格で保存',
  conflictTheirs: '別の場所で保存された値',
  conflictMine: 'あなたの値',
  conflictChangedBy: (value, actor, when) => (actor ? `${when}に${actor}が${value}に変更` : `${when}に${value}に変更`),

  edit: '編集',
  save: '保存',
  cancel: 'キャンセル',
  priceInputLabel: (product) => `${product} の価格`,
  lossConfirmTitle: '原価割れで販売しますか？',
  lossConfirmBody: (price, youPay) => `${price} はあなたの支払額（${youPay}）を下回っています。販売のたびに損失が出ます。保存しますか？`,
  lossConfirm: '損失を承知で保存',

  loading: '価格を読み込み中…',
  saving: '保存中…',
  saved: '保存しました',
  savedChange: (product, value) => `すべてのサブアカウントの${product}を${value}に設定しました`,
  undoneChange: (product, value) => `すべてのサブアカウントの${product}を${value}に戻しました`,
  undo: '元に戻す',
  saveFailed: '保存できませんでした',
  retry: '再試行',
  discard: '破棄',
  conflictTitle: '別の場所で価格が変更されました',
  conflictBody: '読み込んだ後に、誰かが価格を変更しました。',
  useLatest: '最新を使う',
  keepMine: '自分の値を保持',
  unsavedValue: (value) => `未保存：${value}`,
  loadFailed: '価格を読み込めませんでした。',
  widgetCrashed: 'この商品を表示できません。',
  currencyMismatch: (expected, actual) =>
    `価格は ${actual} ですが、このページは ${expected} を想定しています。誤った表示を避けるため、何も表示しません。`,
  disabledReason: {
    disconnected: '価格を設定するには Stripe を連携してください。サブアカウントへの請求は Stripe を通じて行われます。',
    pending: 'Stripe の設定を完了しています。Stripe が連携を確認すると価格を編集できます。',
  },
  stripePendingNote: 'Stripe を設定中…',

  close: '閉じる',
  continue: '続行',
  stripeDialogTitle: 'Stripe を連携',
  stripeDialogDescription: 'サブアカウントへの請求はあなたの Stripe アカウントを通じて行われます。Stripe の顧客を連絡先にどう同期するか選んでください。',
  stripeSyncLegend: 'Stripe の顧客の同期先',
  stripeSyncPeople: '個人',
  stripeSyncPeopleHint: 'Stripe の各顧客が連絡先になります。',
  stripeSyncBusinesses: '企業',
  stripeSyncBusinessesHint: 'Stripe の各顧客が企業になります。',
  stripeSyncSkip: 'スキップ',
  stripeSyncSkipHint: '顧客を同期しません。後で変更できます。',
  stripeConnecting: '連携中…',
  stripeConnectFailed: 'Stripe を連携できませんでした。',
  stripeRedirecting: 'Stripe で設定を完了してください… 何も開かない場合は、ポップアップや新しいタブがブロックされていないか確認してください。',
  stripeOpen: 'Stripe を開く',

  logTitle: 'OneBalance の履歴',
  logDescription: '入金、それを使った利用、その他の取引を新しい順に表示します。',
  logColumnTime: '日時',
  logColumnType: '種類',
  logColumnProduct: '商品',
  logColumnQuantity: '数量',
  logColumnAmount: '金額',
  logColumnBalanceAfter: '取引後の残高',
  ledgerFundsAdded: '入金',
  ledgerUsage: '利用',
  ledgerRefund: '返金',
  ledgerAdjustment: '調整',
  logNoProduct: '—',
  logLoading: '履歴を読み込み中…',
  logEmpty: 'まだ履歴はありません',
  logEmptyHint: '入金や、サブアカウントによる利用がここに表示されます。',
  logLoadFailed: '履歴を読み込めませんでした。',
  logUnavailable: 'ここでは履歴を利用できません。',
  logLoadMore: 'さらに読み込む',
  logLoadingMore: '読み込み中…',
  logEnd: 'これですべての履歴です。',
  logShowing: (count) => `${count} 件を表示中`,
  logAdded: (count) => `さらに ${count} 件を読み込みました`,
  logWallet: 'メインの OneBalance 残高',

  estimatorTitle: 'SMS 料金の見積もり',
  estimatorMessageLabel: 'メッセージ',
  estimatorMessageHint: '個人データを差し込む箇所には {{field_name}} と書きます（例：{{first_name}}）。',
  estimatorFieldsLegend: '差し込みフィールド',
  estimatorFieldLength: (field) => `{{${field}}} の最大文字数`,
  estimatorFieldLengthInvalid: '0 以上の整数を入力してください。',
  estimatorUnknownFields: (fields) => `${fields} の最大文字数を設定してください。それまでは書かれたとおりに数えるため、見積もりが低くなることがあります。`,
  estimatorRuleLegend: 'セグメントの数え方',
  estimatorRuleFlat: '1 セグメント 160 文字',
  estimatorRuleCarrier: '通信事業者のルール（GSM-7 160/153、UCS-2 70/67）',
  estimatorEncoding: 'エンコード',
  estimatorSegments: 'セグメント数',
  estimatorCharacters: '文字数',
  estimatorCharactersValue: (used, left) => `${used} 文字使用、このセグメントの残り ${left} 文字`,
  estimatorCharactersFlat: (used, left) => `${used} 文字使用、次のセグメントまで ${left} 文字`,
  estimatorSegmentsAnnounce: (segments) => `${segments} セグメント`,
  estimatorPerSegment: (price) => `1 セグメントあたり ${price}`,
  estimatorPerMessage: '1 通あたり',
  estimatorIncomingNote: '受信した SMS もセグメントごとに同じ価格で請求されます。',

  fundsSubAccountShort: (shortfall) =>
    shortfall
      ? `OneBalance の残高が不足しています。続けるには ${shortfall} 以上を入金してください。`
      : 'OneBalance の残高が不足しています。続けるには入金してください。',
  fundsAddFunds: '入金する',
  fundsMainAccountShort: '現在この請求はできません。管理者に連絡してください。',
  fundsOk: 'この請求に十分な残高があります。',
  historyToggle: '履歴',
  historyLoading: '履歴を読み込み中…',
  historyEmpty: '価格の変更はまだありません。',
  historyLoadFailed: '価格履歴を読み込めませんでした。',
  historyLoadMore: '以前の変更を表示',
  historyUnknownActor: '不明',
  historyWhen: '日時',
  historyWho: '変更者',
  historyChange: '変更',
  historyYouPayThen: '当時の原価',
  historyChangeValue: (from, to) => `${from} → ${to}`,
  historyCurrent: '現在の価格',
  historyRevert: 'この価格に戻す',
  historyRevertName: (product, rule, when) => `${product}：${rule}（${when}に設定）`,
  historyRevertOutOfRange: 'この価格は現在の製品の許容範囲外のため、元に戻せません。',
  historyRevertLoss: 'この価格は原価を下回っています。販売のたびに損失になります。',
  historyRevertAnyway: 'それでも戻す',
  // Per-sub-account overrides
  overridesPickerLabel: '価格の対象',
  overridesAllSubAccounts: 'すべてのサブアカウント',
  overridesScopeNote: (name) => `変更は${name}にのみ適用されます。`,
  overridesInherited: '継承',
  overridesOverriddenFor: (name) => `${name}向けに上書き`,
  overridesUseAccountWide: 'アカウント全体の価格を使用',
  overridesLoadFailed: 'サブアカウントを読み込めませんでした。',
  overridesRemoveFailed: 'アカウント全体の価格に戻せませんでした。',
  insightsVolume: (product, count) =>
    `${count} ${({ sms: 'セグメント', email: '通', lightningDomains: 'ドメイン', phoneNumbers: '件の電話番号購入', listings: '件のリスティング購入' } as const)[product]}`,
  insightsProjection: (volume, amount, isLoss, delta) =>
    `過去30日間の利用量（${volume}）で: 月 ${amount} の${isLoss ? '損失' : '利益'}${delta ? `、保存済みの価格より ${delta}` : ''}`,
  erosionTitle: (cost) => (cost === 'rose' ? 'この価格を設定してからコストが上がりました' : 'この価格を設定してからコストが下がりました'),
  erosionBody: (youPayThen, youPayNow, profitThen, profitNow) =>
    `お支払い額は ${youPayThen} から ${youPayNow} になりました。1単位あたりの利益: 当時 ${profitThen}、現在 ${profitNow}。`,
  erosionKept: '倍率設定のため利益率はすでに維持されています。1単位あたりの利益はコストに連動します。',
  erosionRestore: '利益率を元に戻す',
  erosionPreview: (price) => `プレビュー: ${price} で以前の利益率を維持します。数値に反映されていますが、まだ保存されていません。`,
  erosionSave: 'この価格を保存',
  priceChanges: '価格の変更履歴',
  priceChangesDescription: 'すべてのサブアカウントに保存された価格（新しい順）: 誰が、いつ、変更前 → 変更後、当時のお支払い額。',
};

export default ja;
