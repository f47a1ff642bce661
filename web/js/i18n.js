// i18n.js — the dashboard's labels in Japanese (default) and English, and
// the names of the casebook's vocabularies (causes, kinds of data,
// authorities).  The choice is kept in localStorage.  Labels are applied
// with textContent only: no translation string is ever parsed as HTML.

const LABELS = {
  ja: {
    'nav.review': '要確認', 'nav.ingest': '取り込み', 'nav.alerts': '通知',
    'login': 'ログイン', 'logout': 'ログアウト', 'login.token': 'トークン(jikenbo user add が表示したもの)', 'login.go': 'ログイン',
    'login.bad': 'このトークンは使えません。', 'login.needed': 'ログインしてください。', 'who': '{name}({role})',
    'role.reader': '閲覧者', 'role.analyst': '分析者', 'role.admin': '管理者',
    'export.format': 'エクスポート', 'export.go': 'ダウンロード', 'search.save': 'この検索を保存',
    'save.name': '名前', 'save.webhook': 'Webhook URL(任意)', 'save.go': '保存',
    'save.done': '「{name}」を保存しました。新しい事案が一致すると通知します。',
    'save.done.secret': '「{name}」を保存しました。Webhook の署名鍵(今だけ表示): {secret}',
    'review.title': '要確認', 'review.total': '未確認 {total} 件(確信度の低い順)', 'review.weakest': '弱い事実: {fields}',
    'review.intro': '抽出の確信度が低い事実を含む事案から順に並びます。j / k で移動、a で確認済み、e または Enter で開いて訂正。',
    'review.login': '確認済みにするには分析者としてログインしてください。',
    'ingest.title': '取り込み', 'ingest.paste': '本文を貼り付け', 'ingest.file': 'ファイル', 'ingest.url': 'URL', 'ingest.go': '取り込む',
    'ingest.intro': 'お知らせの本文を貼り付けるか、ファイル(HTML・PDF・テキスト、1 MiB まで)を選ぶか、URL を入力してください。',
    'ingest.done': '{n} 件のお知らせを登録しました(既存 {dup} 件、お知らせ以外 {others} 件)。',
    'ingest.seen': '同じ内容はすでに登録済みです。', 'ingest.norecord': '(抽出できず)', 'ingest.dup': '登録済み',
    'ingest.alerts': '保存した検索に {n} 件一致しました。', 'ingest.empty': '本文・ファイル・URL のいずれかを入力してください。',
    'ingest.toobig': 'ファイルが 1 MiB を超えています。',
    'alerts.title': '通知', 'alerts.markread': 'すべて既読にする', 'alerts.searches': '保存した検索', 'alerts.none': '通知はありません。',
    'alerts.by': '検索「{name}」', 'alerts.count': '通知 {n} 件',
    'hook.pending': 'Webhook 送信待ち', 'hook.delivered': 'Webhook 送信済み', 'hook.failed': 'Webhook 送信失敗',
    'incident.corrected': '訂正済み', 'fix.edit': '訂正', 'fix.save': '保存', 'fix.cancel': 'やめる', 'fix.value': '値', 'fix.note': '理由',
    'fix.revert': '元に戻す', 'fix.by': '{who} が {at} に訂正', 'fix.was': '抽出値: {v}', 'fix.why': '理由: {note}',
    'nav.search': '検索', 'nav.trends': '傾向', 'nav.lessons': '教訓', 'lang.switch': 'English',
    'search.q': '検索語', 'search.q.placeholder': '例: 漏洩 誤送信 category:misdelivery', 'search.go': '検索',
    'f.category': '原因', 'f.type': 'データの種類', 'f.reported': '報告先', 'f.since': '公表 から', 'f.until': 'まで',
    'f.org': '組織', 'f.product': '製品・サービス', 'f.card': 'カード情報', 'f.vendor': '委託先', 'f.sort': '並び順',
    'any': 'すべて', 'yes': 'あり', 'no': 'なし',
    'sort.relevance': '関連度', 'sort.-date': '新しい順', 'sort.date': '古い順', 'sort.affected': '影響人数',
    'page.prev': '前へ', 'page.next': '次へ', 'page.info': '{from}–{to} 件目 / {total} 件',
    'results.count': '{total} 件の事案', 'results.none': '該当する事案はありません。',
    'sum.people': '影響人数の合計 {people} 人(人数の記載がある {stated} 件)', 'sum.notstated': '人数不明 {n} 件(合計に含まず)',
    'sum.largest': '最大 {n} 人({id} {org})', 'chart.undated': '日付不明',
    'affected': '{n} 人', 'affected.none': '人数不明', 'reports': '{n} 報', 'date.none': '日付不明', 'org.none': '組織名不明',
    'incident.back': '← 検索結果へ', 'incident.timeline': '報告の経緯', 'incident.facts': '抽出された事実',
    'incident.facts.hint': '事実をクリックすると本文の根拠箇所へ移動します。', 'incident.text': '本文(根拠を強調表示)',
    'incident.report': '第{n}報', 'incident.corrections': '分析者による訂正', 'incident.noevidence': '(根拠なし)',
    'field.casebook_id': '事件簿番号', 'field.org': '組織(発表者)', 'field.published': '公表日', 'field.report_seq': '報',
    'field.category': '原因', 'field.affected': '影響人数', 'field.card': 'カード情報', 'field.data_types': 'データの種類',
    'field.reported_to': '報告先', 'field.vendor': '委託先の関与', 'field.title': '表題', 'field.exposure_period': '漏えい期間',
    'field.discovered': '発覚日', 'field.products': '製品・サービス', 'field.measures': '再発防止策', 'field.anomalies': '記載の誤り',
    'field.runner_up': '組織(次点)', 'field.issuer': '発表者',
    'from.report': '(第{n}の報告より)', 'from.correction': '(訂正)', 'from.none': '',
    'incident.victim': '被害組織', 'incident.source': '出典', 'role.regulator': '規制当局', 'role.police': '警察',
    'role.contractor': '委託先', 'role.note': '{role}による発表(被害組織ではない)',
    'conf.low': '要確認 {c}', 'conf.low.title': '抽出の確信度 {c}(0.5 未満): 本文の根拠を確認してください',
    'conf.title': '抽出の確信度 {c}',
    'incident.conf.hint': '数字は抽出の確信度(0〜1)です。「要確認」は 0.5 未満の値で、先に確認すべき事実です。',
    'trends.title': '傾向', 'trends.total': '{total} 件の事案',
    'chart.monthly': '月別の件数(原因別)', 'chart.people': '月別の影響人数(対数目盛)',
    'chart.types': '漏えいしたデータの種類', 'chart.products': '設定ミスに関わった製品・サービス',
    'chart.missing': 'グラフのライブラリが読み込めません(scripts/install-deps を実行してください)。',
    'chart.incidents': '事案数', 'chart.people.axis': '人数',
    'footer': '事件簿 — 公表された個人情報漏えいのお知らせを記録・検索します。',
    'error.load': '読み込めませんでした: {msg}',
    'lessons.title': '教訓', 'lessons.go': '絞り込む',
    'lessons.intro': '事件簿の記録から数えた、原因・製品・発覚のきっかけ・漏えいが続いた期間・約束された再発防止策。数字ごとに元の事案へのリンクがあります。',
    'lessons.total': '{total} 件の事案から', 'lessons.causes': '原因(多い順)', 'lessons.products': '関わった製品・サービス',
    'lessons.discovery': '発覚のきっかけ', 'lessons.exposure': '漏えい状態が続いた期間', 'lessons.measures': '約束された再発防止策(多い順)',
    'lessons.settings': '事案の背景にある設定', 'lessons.median': '(中央値 {n} 日)', 'lessons.notstated': '{n} 件は記載なし',
    'lessons.empty': '(該当なし)', 'lessons.count': '{n} 件', 'lessons.people': '{n} 人', 'lessons.people.none': '人数不明',
    'lessons.people.some': '{n} 人以上({k} 件は人数不明)', 'lessons.more': 'ほか {n} 件', 'lessons.search': '検索で見る',
  },
  en: {
    'nav.review': 'Review', 'nav.ingest': 'Ingest', 'nav.alerts': 'Alerts',
    'login': 'Log in', 'logout': 'Log out', 'login.token': 'Token (as printed by jikenbo user add)', 'login.go': 'Log in',
    'login.bad': 'This token is not valid.', 'login.needed': 'Please log in.', 'who': '{name} ({role})',
    'role.reader': 'reader', 'role.analyst': 'analyst', 'role.admin': 'admin',
    'export.format': 'Export', 'export.go': 'Download', 'search.save': 'Save this search',
    'save.name': 'Name', 'save.webhook': 'Webhook URL (optional)', 'save.go': 'Save',
    'save.done': 'Saved "{name}": you will be alerted when a new incident matches.',
    'save.done.secret': 'Saved "{name}". Webhook signing secret (shown only now): {secret}',
    'review.title': 'Review', 'review.total': '{total} to review (least certain first)', 'review.weakest': 'weak facts: {fields}',
    'review.intro': 'Incidents whose facts were extracted with the least confidence come first. j / k move, a marks reviewed, e or Enter opens to correct.',
    'review.login': 'Log in as an analyst to mark incidents reviewed.',
    'ingest.title': 'Ingest', 'ingest.paste': 'Paste the notice', 'ingest.file': 'File', 'ingest.url': 'URL', 'ingest.go': 'Ingest',
    'ingest.intro': 'Paste a notice, choose a file (HTML, PDF or text, up to 1 MiB), or give its URL.',
    'ingest.done': '{n} notices stored ({dup} already known, {others} other posts).',
    'ingest.seen': 'The same content was stored before.', 'ingest.norecord': '(no record)', 'ingest.dup': 'known',
    'ingest.alerts': '{n} saved-search matches.', 'ingest.empty': 'Paste text, choose a file or give a URL.',
    'ingest.toobig': 'The file is over 1 MiB.',
    'alerts.title': 'Alerts', 'alerts.markread': 'Mark all read', 'alerts.searches': 'Saved searches', 'alerts.none': 'No alerts.',
    'alerts.by': 'search "{name}"', 'alerts.count': '{n} alerts',
    'hook.pending': 'webhook pending', 'hook.delivered': 'webhook delivered', 'hook.failed': 'webhook failed',
    'incident.corrected': 'corrected', 'fix.edit': 'Correct', 'fix.save': 'Save', 'fix.cancel': 'Cancel', 'fix.value': 'Value', 'fix.note': 'Why',
    'fix.revert': 'Revert', 'fix.by': 'corrected by {who} at {at}', 'fix.was': 'extracted: {v}', 'fix.why': 'why: {note}',
    'nav.search': 'Search', 'nav.trends': 'Trends', 'nav.lessons': 'Lessons', 'lang.switch': '日本語',
    'search.q': 'Search', 'search.q.placeholder': 'e.g. 漏洩 誤送信 category:misdelivery', 'search.go': 'Search',
    'f.category': 'Cause', 'f.type': 'Data type', 'f.reported': 'Reported to', 'f.since': 'Published from', 'f.until': 'to',
    'f.org': 'Organisation', 'f.product': 'Product/service', 'f.card': 'Card data', 'f.vendor': 'Contractor', 'f.sort': 'Sort',
    'any': 'any', 'yes': 'yes', 'no': 'no',
    'sort.relevance': 'relevance', 'sort.-date': 'newest first', 'sort.date': 'oldest first', 'sort.affected': 'people affected',
    'page.prev': 'Previous', 'page.next': 'Next', 'page.info': '{from}–{to} of {total}',
    'results.count': '{total} incidents', 'results.none': 'No incident matches.',
    'sum.people': '{people} people affected in all ({stated} incidents state a number)', 'sum.notstated': '{n} not stating it (not in the sum)',
    'sum.largest': 'largest {n} ({id} {org})', 'chart.undated': 'undated',
    'affected': '{n} people', 'affected.none': 'count not stated', 'reports': '{n} reports', 'date.none': 'no date', 'org.none': 'organisation not named',
    'incident.back': '← Back to results', 'incident.timeline': 'Reports', 'incident.facts': 'Extracted facts',
    'incident.facts.hint': 'Click a fact to scroll to its evidence in the text.', 'incident.text': 'Text (evidence highlighted)',
    'incident.report': 'Report {n}', 'incident.corrections': 'Analyst corrections', 'incident.noevidence': '(no evidence)',
    'field.casebook_id': 'Casebook no.', 'field.org': 'Organisation (issuer)', 'field.published': 'Published', 'field.report_seq': 'Report',
    'field.category': 'Cause', 'field.affected': 'People affected', 'field.card': 'Card data', 'field.data_types': 'Data types',
    'field.reported_to': 'Reported to', 'field.vendor': 'Contractor involved', 'field.title': 'Title', 'field.exposure_period': 'Exposure period',
    'field.discovered': 'Discovered', 'field.products': 'Products/services', 'field.measures': 'Measures', 'field.anomalies': 'Printed errors',
    'field.runner_up': 'Runner-up issuer', 'field.issuer': 'Issuer',
    'from.report': '(from report {n})', 'from.correction': '(corrected)', 'from.none': '',
    'incident.victim': 'Victim', 'incident.source': 'source', 'role.regulator': 'regulator', 'role.police': 'police',
    'role.contractor': 'contractor', 'role.note': 'published by a {role} (not the victim)',
    'conf.low': 'review {c}', 'conf.low.title': 'extraction confidence {c} (under 0.5): check the evidence in the text',
    'conf.title': 'extraction confidence {c}',
    'incident.conf.hint': 'Numbers are the extraction confidence (0 to 1); "review" marks values under 0.5, to check first.',
    'trends.title': 'Trends', 'trends.total': '{total} incidents',
    'chart.monthly': 'Incidents per month, by cause', 'chart.people': 'People affected per month (log scale)',
    'chart.types': 'Kinds of data exposed', 'chart.products': 'Products/services in misconfigurations',
    'chart.missing': 'The chart library did not load (run scripts/install-deps).',
    'chart.incidents': 'incidents', 'chart.people.axis': 'people',
    'footer': 'jikenbo — a searchable casebook of published data-breach notices.',
    'error.load': 'Could not load: {msg}',
    'lessons.title': 'Lessons', 'lessons.go': 'Filter',
    'lessons.intro': 'Counted from the casebook: causes, products, how exposure was discovered, how long data stayed exposed, the measures promised. Each number links to the incidents behind it.',
    'lessons.total': 'from {total} incidents', 'lessons.causes': 'Causes, most frequent first', 'lessons.products': 'Products and services involved',
    'lessons.discovery': 'How the exposure was discovered', 'lessons.exposure': 'How long data stayed exposed',
    'lessons.measures': 'Recurrence-prevention measures promised', 'lessons.settings': 'Settings behind incidents',
    'lessons.median': '(median {n} days)', 'lessons.notstated': 'not stated for {n}', 'lessons.empty': '(none)',
    'lessons.count': '{n} incidents', 'lessons.people': '{n} people', 'lessons.people.none': 'people not stated',
    'lessons.people.some': '{n}+ people ({k} not stated)', 'lessons.more': '{n} more', 'lessons.search': 'search these',
  },
};

const NAMES = {
  category: {
    ja: { misdelivery: '誤送信・誤配送', misconfiguration: '設定ミス', publishing_error: '誤公開', programming_error: 'プログラムの不備',
      loss: '紛失', hacking: '不正アクセス', ransomware: 'ランサムウェア', malware: 'マルウェア', misuse: '内部不正', theft: '盗難', other: 'その他' },
    en: { misdelivery: 'misdelivery', misconfiguration: 'misconfiguration', publishing_error: 'publishing error',
      programming_error: 'programming error', loss: 'loss', hacking: 'hacking', ransomware: 'ransomware', malware: 'malware',
      misuse: 'misuse', theft: 'theft', other: 'other' },
  },
  data_type: {
    ja: { name: '氏名', address: '住所', phone: '電話番号', email: 'メールアドレス', birthdate: '生年月日', gender: '性別',
      card: 'クレジットカード', password: 'パスワード', login_id: 'ログインID', mynumber: 'マイナンバー', bank: '口座情報',
      health: '健康情報', employment: '勤務先・職業', school: '学校・学籍', message: 'メッセージ内容', location: '位置情報', other: 'その他' },
    en: { name: 'name', address: 'address', phone: 'phone', email: 'e-mail', birthdate: 'date of birth', gender: 'gender',
      card: 'payment card', password: 'password', login_id: 'login ID', mynumber: 'My Number', bank: 'bank account',
      health: 'health', employment: 'employment', school: 'school', message: 'messages', location: 'location', other: 'other' },
  },
  authority: {
    ja: { ppc: '個人情報保護委員会', police: '警察', ministry: '所管省庁', pmark: 'JIPDEC(Pマーク)' },
    en: { ppc: 'PPC', police: 'police', ministry: 'ministry', pmark: 'JIPDEC (PrivacyMark)' },
  },
};

export const CATEGORIES = Object.keys(NAMES.category.en);
export const DATA_TYPES = Object.keys(NAMES.data_type.en);
export const AUTHORITIES = Object.keys(NAMES.authority.en);

const KEY = 'jikenbo.lang';
let lang = 'ja';
try {
  const saved = window.localStorage.getItem(KEY);
  if (saved === 'en' || saved === 'ja') lang = saved;
} catch (e) { /* storage off: Japanese */ }

export function getLang() { return lang; }

export function setLang(l) {
  lang = l === 'en' ? 'en' : 'ja';
  try { window.localStorage.setItem(KEY, lang); } catch (e) { /* not kept */ }
  document.documentElement.lang = lang;
}

// A label, with {name} placeholders filled from vars (as plain text).
export function t(key, vars) {
  let s = (LABELS[lang] && LABELS[lang][key]) || LABELS.ja[key] || key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

// The display name of a vocabulary value (category, data_type, authority).
export function nameOf(kind, value) {
  const table = NAMES[kind] && NAMES[kind][lang];
  return (table && table[value]) || String(value);
}

// Apply labels to every element marked data-i18n / data-i18n-ph.
export function applyLabels(root) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-ph]')) el.placeholder = t(el.dataset.i18nPh);
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB').format(n);
}
