/*
 * 乌海市社会救助“一门受理”平台 · 统一受理窗口 (intake window), browser side.
 *
 * Plain browser JavaScript, no build step, no dependencies. A hash router renders one view at a
 * time into #view:
 *
 *   #/login                 登录   sign in (POST /api/v1/auth/login), token kept in sessionStorage
 *   #/intake                受理   find a household by 18-digit ID number
 *   #/intake/<householdId>  受理   the household and its members, the 预评估 (evaluation preview)
 *                                  and the dibao application form
 *   #/applications          申请进度  look up an application; those filed in this tab are listed
 *   #/applications/<id>     申请进度  one application across departments, with a refresh button
 *   #/queue?status=…        待办   the signed-in department's work queue; civil affairs sees the cases still
 *                                  in procedure unless `status` names one (or `all`); referral departments
 *                                  filter on open/done, finance on active/ended
 *   #/cases/<id>            待办   one civil-affairs dibao case: facts, evaluation, history, actions,
 *                                  with a refresh button; opened again (same link), it is read afresh
 *   #/finance?month=YYYY-MM 财政   finance obligations of a month, with totals
 *
 * Privacy rules kept here (DOMAIN.md "Privacy"; PIPL Art. 28–29):
 *  - a full ID number appears in a URL only in the person lookup call itself; routes carry
 *    household, application and case ids (UUIDs), never ID numbers;
 *  - ID numbers are shown masked (first 6 + ******** + last 4) unless the clerk asks for the full
 *    value, which is fetched again from the server so the read can be audited there;
 *  - nothing is written to the console, and all text goes into the page with textContent (no
 *    innerHTML), so data from the server can never inject markup.
 *
 * Money arrives as integer fen (number or digit string) and is shown as yuan with 2 decimals using
 * integer arithmetic only. Errors arrive as application/problem+json {title, code, detail, errors}.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------------------------------------
  // Constants and Chinese labels (DOMAIN.md glossary)
  // ---------------------------------------------------------------------------------------------

  const API = '/api/v1';
  const TOKEN_KEY = 'wuhai.intake.token';
  const RETURN_KEY = 'wuhai.intake.returnTo';
  const RECENT_KEY = 'wuhai.intake.recentApplications';

  /** Demo clerks created by the seed in demo mode (password `demo`). */
  const DEMO_ACCOUNTS = [
    'demo.civil-affairs', 'demo.finance', 'demo.disability', 'demo.education',
    'demo.employment', 'demo.health', 'demo.housing', 'demo.registry',
  ];

  const AREAS = { '150302': '海勃湾区', '150303': '海南区', '150304': '乌达区', '*': '全市' };

  const DEPARTMENTS = {
    'civil-affairs': '民政',
    finance: '财政',
    disability: '残联',
    education: '教育',
    employment: '人社',
    health: '卫生计生',
    housing: '住建',
    registry: '户籍信息（共享）',
    system: '系统',
  };

  /** Case statuses in procedure order (MCA-2012; DOMAIN.md "Procedure"). */
  const STATUS_ORDER = ['submitted', 'verified', 'under_notice', 'approved', 'refused'];
  const STATUSES = {
    submitted: '已受理',
    verified: '已调查核实',
    under_notice: '公示中',
    approved: '已批准',
    refused: '不予批准',
    // Statuses other departments may report for their items; unknown ones are shown as sent.
    pending: '待办理',
    open: '待办理',
    done: '已办结',
    ended: '已终止',
    granted: '已落实',
    active: '享受中',
    eligible: '符合条件',
    ineligible: '不符合条件',
    closed: '已办结',
  };

  /** The dibao case actions and the statuses they are allowed from (mirrors the case's state machine). */
  const ACTIONS = {
    verify: { label: '调查核实完成', from: ['submitted'], kind: 'primary' },
    start_notice: { label: '开始公示', from: ['verified'], kind: 'primary' },
    approve: { label: '批准', from: ['under_notice'], kind: 'primary' },
    refuse: { label: '不予批准', from: ['submitted', 'verified', 'under_notice'], kind: 'danger' },
  };
  const HISTORY_ACTIONS = { submit: '受理', create: '受理登记', apply: '受理', reevaluate: '重新评估', review_opened: '开启复核', resolve_review: '办结复核' };

  const PROGRAMS = {
    dibao: '最低生活保障',
    'dibao.supplement': '低保增发补助金',
    tekun: '特困人员供养',
    'family-planning.special': '计划生育特别扶助',
    'family-planning.reward': '计划生育奖励扶助',
    'medical.premium-subsidy': '医疗保险参保资助',
    'medical.daily-subsidy': '日常医疗补贴',
    'medical.reimbursement': '医疗救助（报销）',
    'education.preschool-waiver': '教育救助·学前保教费减免',
    'education.living-subsidy': '教育救助·寄宿生生活补助',
    'education.senior-grant': '教育救助·国家助学金',
    'education.college-grant': '教育救助·新生入学资助',
    'employment.assistance': '就业援助',
    'housing.rental': '住房救助',
    'housing.rural-renovation': '农村危房改造',
    'disability.assistance': '残疾人救助',
    temporary: '临时救助',
    unsure: '由平台分办',
  };

  const PERIODS = { month: '每月', year: '每年', once: '一次性' };
  const PERIOD_SUFFIX = { month: '/月', year: '/年', once: '（一次性）' };
  const RELATIONS = { head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女', sibling: '兄弟姐妹', other: '其他' };
  const SEXES = { M: '男', F: '女' };
  const HUKOU = { urban: '城区', rural: '农区' };
  /** GB/T 26341 disability categories 1–7. */
  const DISABILITY_CATEGORIES = { 1: '视力', 2: '听力', 3: '言语', 4: '肢体', 5: '智力', 6: '精神', 7: '多重' };
  const GRADES = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' };
  const SCHOOL_LEVELS = { preschool: '学前', primary: '小学', junior: '初中', senior: '高中', vocational: '中职' };
  const ADMISSION_LEVELS = { bachelor: '本科', 'junior-college': '专科/高职' };
  const ILLNESSES = { mental: '精神疾病', infectious: '传染病', serious: '重大疾病' };
  const TEKUN_KINDS = { wubao: '五保', sanwu: '三无', orphan: '孤儿' };
  const DIBAO_CLASSES = {
    A: 'A类：家庭成员均无劳动能力',
    B: 'B类：有劳动能力的成员均已就业',
    C: 'C类：有劳动能力的成员未就业',
  };
  const EVALUATION_STATUSES = { ELIGIBLE: '符合条件', INELIGIBLE: '不符合条件', NEEDS_MANUAL_REVIEW: '需人工复核' };
  const SUPPLEMENT_BASES = {
    'disability-grade-1-2': '一、二级残疾',
    'disability-grade-3-4': '三、四级残疾',
    'age-80': '80周岁以上',
    'age-60': '60至79周岁',
    minority: '少数民族',
  };
  const ROLES = { clerk: '经办人', supervisor: '审核人', approver: '审批人', admin: '管理员', auditor: '审计' };

  /** Machine labels of the dibao evaluation steps (packages/rules DIBAO_STEP_LABELS), when a step has no `labelZh`. */
  const STEP_LABELS = {
    standard: '低保标准',
    'household-size': '家庭人口',
    'total-income': '家庭月收入合计',
    'per-capita-income': '人均月收入',
    'income-below-standard': '家庭月收入低于低保标准×人数',
    'financial-asset-multiple': '金融资产上限倍数',
    'financial-asset-limit': '金融资产上限（倍数×标准×人数）',
    'financial-assets': '家庭金融资产',
    vehicles: '机动车（不含残疾人代步车）',
    residences: '住房套数',
    'business-capital': '经营注册资本',
    'dibao-class': '分类施保',
    'top-up-exact': '补差金额（取整前）',
    'top-up': '补差金额',
    supplement: '增发补助金',
    'total-monthly': '每月合计（补差＋增发补助金）',
  };

  /** Parameters named by evaluation steps (packages/rules parameters) → Chinese; the code stays as a tooltip. */
  const PARAMETERS = {
    'dibao.standard': '低保标准',
    'dibao.financial-asset-multiple': '金融资产上限倍数',
    'dibao.supplement.disability-grade-1-2-rate': '增发比例（一、二级残疾）',
    'dibao.supplement.disability-grade-3-4-rate': '增发比例（三、四级残疾）',
    'dibao.supplement.age-80-rate': '增发比例（80周岁以上）',
    'dibao.supplement.age-60-rate': '增发比例（60至79周岁）',
    'dibao.supplement.minority-rate': '增发比例（少数民族）',
    'dibao.supplement.oldest-age': '高龄老年人年龄',
    'person.elderly-age': '老年人年龄',
    'employment.minimum-working-age': '最低劳动年龄',
    'employment.retirement-age.male': '退休年龄（男）',
    'employment.retirement-age.female': '退休年龄（女）',
    'housing.living-area-threshold': '人均住房面积标准',
    'medical.premium': '医疗保险个人缴费标准',
    'medical.premium-subsidy.flat': '参保资助定额',
    'medical.daily-subsidy': '日常医疗补贴标准',
  };

  /**
   * Fields of the registry's change history (`field` of `history[]`) → Chinese label and how the
   * value is shown. Member fields are `members.<personId>.<key>` and are named after the member.
   */
  const HISTORY_FIELDS = {
    street: ['街道', 'text'],
    address: ['地址', 'text'],
    livingAreaM2: ['居住面积', 'm2'],
    homeOwned: ['住房自有', 'bool'],
    houseDangerGrade: ['危房等级', 'danger'],
    'assets.financialFen': ['金融资产', 'fen'],
    'assets.vehicles': ['机动车', 'vehicles'],
    'assets.disabilityVehicles': ['残疾人代步车', 'vehicles'],
    'assets.residences': ['住房套数', 'residences'],
    'assets.businessCapitalFen': ['工商注册资本', 'fen'],
  };
  const MEMBER_HISTORY_FIELDS = {
    monthlyIncomeFen: ['月收入', 'fen'],
    canWork: ['能否劳动', 'bool'],
    employed: ['是否就业', 'bool'],
    pensionInsured: ['养老保险', 'bool'],
    illness: ['疾病', 'illness'],
    school: ['在学情况', 'school'],
    disability: ['残疾', 'disability'],
  };

  /** Dibao cases still in procedure (the civil-affairs queue shows these unless asked otherwise). */
  const OPEN_STATUSES = STATUS_ORDER.filter((s) => s !== 'approved' && s !== 'refused');
  /**
   * The status filter of each kind of work queue: [value in the route, label]. For civil affairs ""
   * means the cases still in procedure and "all" every case; elsewhere "" means every item.
   */
  const QUEUE_FILTERS = {
    civil: [
      ['', '待办（已受理、已调查核实、公示中）'],
      ['submitted', '已受理'],
      ['verified', '已调查核实'],
      ['under_notice', '公示中'],
      ['approved', '已批准'],
      ['refused', '不予批准'],
      ['all', '全部（含已办结）'],
    ],
    referral: [['', '全部'], ['open', '待办理'], ['done', '已办结']],
    finance: [['', '全部'], ['active', '享受中'], ['ended', '已终止']],
  };

  /** Households per page of the name/street search. */
  const SEARCH_PAGE_SIZE = 20;

  // ---------------------------------------------------------------------------------------------
  // Small DOM helpers (textContent only, never innerHTML)
  // ---------------------------------------------------------------------------------------------

  /**
   * Creates an element. `attrs`: `class`, `text`, `on<event>` handlers, `dataset`, booleans (set
   * when true), anything else as an attribute. Children: nodes, strings, arrays, null (skipped).
   */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value == null || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = String(value);
        else if (key === 'dataset') Object.assign(node.dataset, value);
        else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
        else if (value === true) node.setAttribute(key, '');
        else node.setAttribute(key, String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of [children].flat(Infinity)) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** A white panel with a heading. */
  function card(title, ...children) {
    return h('section', { class: 'card' }, title ? h('h3', { class: 'card-title', text: title }) : null, children);
  }

  /** A definition list of [label, value] pairs (value may be a node); pairs with undefined values are skipped. */
  function facts(pairs) {
    const dl = h('dl', { class: 'facts' });
    for (const [label, value] of pairs) {
      if (value === undefined) continue;
      dl.append(h('div', { class: 'fact' }, h('dt', { text: label }), h('dd', null, value == null || value === '' ? '—' : value)));
    }
    return dl;
  }

  /**
   * A table in a horizontally scrolling wrapper. `rows` are arrays of cells (string or node), or
   * `{cells, class}` objects. An empty list shows `empty` in a single row.
   */
  function table(caption, headers, rows, empty) {
    const t = h('table', { class: 'data' });
    if (caption) t.append(h('caption', { text: caption }));
    t.append(h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col', text: x })))));
    const body = h('tbody');
    if (!rows.length) {
      body.append(h('tr', null, h('td', { colspan: headers.length, class: 'empty', text: empty || '暂无数据' })));
    }
    for (const row of rows) {
      const cells = Array.isArray(row) ? row : row.cells;
      const tr = h('tr', Array.isArray(row) ? null : { class: row.class });
      for (const cell of cells) tr.append(h('td', null, cell == null || cell === '' ? '—' : cell));
      body.append(tr);
    }
    t.append(body);
    return h('div', { class: 'table-wrap' }, t);
  }

  function alertBox(kind, text, ...more) {
    return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', { text }), more);
  }

  function loading(text) {
    return h('p', { class: 'loading', role: 'status', text: text || '正在加载…' });
  }

  function badge(status, serverLabel) {
    return h('span', {
      class: `badge badge-${String(status || 'unknown').replace(/[^a-z_-]/gi, '')}`,
      'data-status': status || null,
      text: statusText(status, serverLabel),
    });
  }

  function button(text, attrs) {
    return h('button', Object.assign({ type: 'button', class: 'btn' }, attrs || {}), text);
  }

  // ---------------------------------------------------------------------------------------------
  // Formatting
  // ---------------------------------------------------------------------------------------------

  /**
   * Integer fen (number or digit string, possibly beyond 2^53 when sent as a string) → yuan text
   * with two decimals and thousands separators, e.g. 123456 → "1,234.56". No floating point.
   */
  function yuan(fen) {
    if (fen == null || fen === '') return '—';
    let s;
    if (typeof fen === 'number') s = Number.isSafeInteger(fen) ? String(fen) : null;
    else s = String(fen).trim();
    if (s == null || !/^-?\d+$/.test(s)) return '—';
    const negative = s.startsWith('-');
    if (negative) s = s.slice(1);
    s = s.replace(/^0+(?=\d)/, '').padStart(3, '0');
    const whole = s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${negative && /[1-9]/.test(s) ? '-' : ''}${whole}.${s.slice(-2)}`;
  }

  /** "600.00 元/月" */
  function money(fen, period) {
    const text = yuan(fen);
    if (text === '—') return text;
    return `${text} 元${period ? PERIOD_SUFFIX[period] || '' : ''}`;
  }

  /** Sum of integer fen values, exact (BigInt) whatever the input form. */
  function sumFen(values) {
    let total = 0n;
    for (const v of values) {
      const s = typeof v === 'number' ? (Number.isSafeInteger(v) ? String(v) : '0') : String(v ?? '0').trim();
      if (/^-?\d+$/.test(s)) total += BigInt(s);
    }
    return total.toString();
  }

  /** GB 11643 masking for display: first 6 + ******** + last 4 (DOMAIN.md "Privacy"). */
  function maskId(idNumber) {
    if (!idNumber) return '—';
    const s = String(idNumber);
    if (s.includes('*')) return s; // already masked by the server
    return s.length < 10 ? '*'.repeat(s.length) : `${s.slice(0, 6)}********${s.slice(-4)}`;
  }

  /** Masks every 18-character ID number found inside free text (change history, notes). */
  function maskIdsInText(text) {
    return String(text).replace(/\d{17}[\dXx]/g, (m) => maskId(m));
  }

  function label(map, code) {
    if (code == null || code === '') return '—';
    return map[code] || String(code);
  }

  function statusLabel(status) {
    return label(STATUSES, status);
  }

  /**
   * A status in Chinese: our own label for a known code (open → 待办理, active → 享受中, …), else
   * the server's label when it is Chinese, else the code as sent.
   */
  function statusText(status, serverLabel) {
    if (status != null && STATUSES[status]) return STATUSES[status];
    if (serverLabel && serverLabel !== status && /[\u3400-\u9fff]/.test(serverLabel)) return String(serverLabel);
    return statusLabel(status);
  }

  function programLabel(program) {
    if (!program) return '—';
    return PROGRAMS[program] || (String(program).startsWith('education.') ? `教育救助（${program}）` : String(program));
  }

  function areaLabel(area) {
    return label(AREAS, area);
  }

  function departmentLabel(service) {
    return label(DEPARTMENTS, service);
  }

  /** Policy citation codes → Chinese document references, the code kept as a tooltip. */
  function clauseText(clause) {
    const c = String(clause);
    let m;
    if ((m = /^City §\s*(\d+)(.*)$/.exec(c))) return `乌海政发〔2014〕73号 第${m[1]}条${m[2]}`;
    if ((m = /^Reg\.? Art\.?\s*(\d+)(.*)$/.exec(c))) return `《社会救助暂行办法》第${m[1]}条${m[2]}`;
    if ((m = /^MCA-2012 Art\.?\s*(\d+)(.*)$/.exec(c))) return `民发〔2012〕220号 第${m[1]}条${m[2]}`;
    return c;
  }

  function clauses(list) {
    const items = (Array.isArray(list) ? list : list ? [list] : []).filter(Boolean);
    if (!items.length) return '—';
    return h('span', { class: 'clauses' }, items.map((c) => h('span', { class: 'clause', title: String(c), text: clauseText(c) })));
  }

  /** ISO instant → "2015-06-01 14:03" in the city's time zone. */
  function dateTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    try {
      return d.toLocaleString('zh-CN', {
        timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', hour12: false,
      }).replace(/\//g, '-');
    } catch (_e) {
      return d.toISOString().slice(0, 16).replace('T', ' ');
    }
  }

  /** Today as YYYY-MM-DD in the city (used only when the procedure clock cannot be read). */
  function localToday() {
    try {
      return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    } catch (_e) {
      return new Date().toISOString().slice(0, 10);
    }
  }

  /** Full years between a YYYY-MM-DD birth date and `today`. */
  function age(birthDate, today) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(String(birthDate || '')) || !today) return null;
    const [by, bm, bd] = birthDate.split('-').map(Number);
    const [ty, tm, td] = today.split('-').map(Number);
    return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  }

  function shortId(id) {
    return id ? String(id).slice(0, 8) : '—';
  }

  function yesNo(value) {
    return value == null ? '—' : value ? '是' : '否';
  }

  /**
   * `numerator / denominator` with exactly two decimals, rounded on the hundredths (never cut off):
   * `twoDecimals(116.1, 6)` → "19.35". Returns null when it cannot be computed.
   */
  function twoDecimals(numerator, denominator) {
    const n = Number(numerator);
    const d = denominator == null ? 1 : Number(denominator);
    if (!Number.isFinite(n) || !Number.isFinite(d) || d <= 0) return null;
    // In hundredths first, so 116.1 is 11610 and not 116.09999…
    const hundredths = Math.round(Math.round(n * 100) / d);
    const negative = hundredths < 0;
    const abs = Math.abs(hundredths);
    return `${negative ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  }

  /** A living area in square metres as recorded, e.g. "116.1 平方米". */
  function areaText(m2) {
    if (m2 == null || m2 === '' || !Number.isFinite(Number(m2))) return '—';
    return `${Number(m2)} 平方米`;
  }

  /** Living area per person with two decimals: 116.1 m² / 6 → "19.35". */
  function areaPerPerson(m2, persons) {
    if (m2 == null || !persons) return null;
    return twoDecimals(m2, persons);
  }

  /** A rate (0.05) as a percentage ("5%"). */
  function percent(rate) {
    const r = Number(rate);
    if (rate == null || rate === '' || !Number.isFinite(r)) return '—';
    return `${Math.round(r * 10000) / 100}%`;
  }

  const UUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

  /** A member's name from a memberId → name map, or a short reference when the name is unknown. */
  function memberName(names, id) {
    if (id == null || id === '') return '全户';
    const key = String(id);
    const name = names && (names.get(key) || names.get(key.toLowerCase()));
    return name || `成员（编号${shortId(key)}）`;
  }

  /** Replaces every member id (UUID) in a text by the member's name (so a clerk never reads a bare id). */
  function withNames(text, names) {
    if (text == null) return text;
    return String(text).replace(UUID_PATTERN, (id) => memberName(names, id));
  }

  /** The Chinese part of a bilingual text: "中文 / English" → "中文"; "标签(说明) english label" → "标签（说明）". */
  function chinesePart(text) {
    if (text == null) return '';
    let s = String(text).trim();
    const hasChinese = (x) => /[\u3400-\u9fff]/.test(x);
    const slash = s.split(' / ');
    if (slash.length > 1 && hasChinese(slash[0])) s = slash[0].trim();
    // A trailing English gloss after the Chinese label (ASCII only, starting with a letter).
    const m = /^(.*?[\u3000-\u303f\u3400-\u9fff\uff00-\uffef)\]])\s+[A-Za-z][\x20-\x7e]*$/.exec(s);
    if (m && hasChinese(m[1])) s = m[1];
    return s.replace(/\(/g, '（').replace(/\)/g, '）');
  }

  // ---------------------------------------------------------------------------------------------
  // ID number check (GB 11643-1999), before anything is sent
  // ---------------------------------------------------------------------------------------------

  const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const ID_CHECK = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

  /** @returns null when valid, otherwise the problem in Chinese. */
  function idNumberProblem(id, today) {
    if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为18位：前17位为数字，最后一位为数字或X。';
    const y = Number(id.slice(6, 10));
    const m = Number(id.slice(10, 12));
    const d = Number(id.slice(12, 14));
    const date = new Date(Date.UTC(y, m - 1, d));
    if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      return '身份证号中的出生日期不存在，请核对。';
    }
    if (`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` > today) return '身份证号中的出生日期晚于今天，请核对。';
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
    if (ID_CHECK[sum % 11] !== id[17]) return '身份证号校验位错误，请核对是否输错。';
    return null;
  }

  /**
   * The lookup accepts what the registry finds a person by: an 18-character number, or the legacy
   * 15-digit one (GB 11643-1989: area, YYMMDD of a birth in the 1900s, sequence) that some people
   * were registered with. @returns null when it may be looked up, otherwise the problem in Chinese.
   */
  function lookupIdNumberProblem(id, today) {
    if (/^\d{15}$/.test(id)) {
      const birth = `19${id.slice(6, 8)}-${id.slice(8, 10)}-${id.slice(10, 12)}`;
      const [y, m, d] = birth.split('-').map(Number);
      const date = new Date(Date.UTC(y, m - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
        return '15位旧身份证号中的出生日期不存在，请核对。';
      }
      if (birth > today) return '身份证号中的出生日期晚于今天，请核对。';
      return null;
    }
    if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为18位（前17位为数字，最后一位为数字或X），或15位数字的旧身份证号。';
    return idNumberProblem(id, today);
  }

  // ---------------------------------------------------------------------------------------------
  // Session: token in sessionStorage, who is signed in decoded from the JWT payload
  // ---------------------------------------------------------------------------------------------

  /** Decodes the (unverified) payload of a JWT: base64url → UTF-8 JSON. Display only; the gateway checks it. */
  function decodeJwt(token) {
    try {
      let b64 = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      while (b64.length % 4) b64 += '=';
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (_e) {
      return null;
    }
  }

  function getToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch (_e) {
      return null;
    }
  }

  /** The signed-in user `{username, department, area, role}`, or null (no token or expired). */
  function currentUser() {
    const token = getToken();
    if (!token) return null;
    const payload = decodeJwt(token);
    if (!payload) return null;
    if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return null;
    return payload;
  }

  /** Forgets the token and everything cached about cases and households. */
  function signOut() {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
      sessionStorage.removeItem(RECENT_KEY);
    } catch (_e) { /* storage unavailable: nothing to remove */ }
    state.clock = null;
  }

  /** The session has ended (401): back to the sign-in view, remembering where the clerk was. */
  function sessionExpired() {
    const here = location.hash;
    signOut();
    renderSeq++; // any view still waiting for an answer must not draw over the sign-in view
    // Parallel calls may all answer 401: the first one already sent the clerk to sign in.
    if (here.startsWith('#/login')) return;
    if (here) {
      try { sessionStorage.setItem(RETURN_KEY, here); } catch (_e) { /* ignore */ }
    }
    state.flash = { kind: 'warn', text: '登录已失效或未登录，请重新登录。' };
    navigate('#/login');
  }

  // ---------------------------------------------------------------------------------------------
  // REST calls
  // ---------------------------------------------------------------------------------------------

  /** An error answer: `status` 0 when the server could not be reached; `problem` per RFC 9457. */
  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && problem.title) || `HTTP ${status}`);
      this.status = status;
      this.problem = problem || {};
    }
  }

  const DEFAULT_TITLES = {
    0: '无法连接平台服务，请检查网络后重试',
    400: '提交的信息有误',
    401: '未登录或登录已失效',
    403: '无权执行此操作',
    404: '未找到相关记录',
    409: '当前状态不允许此操作',
    413: '提交的内容过大',
    429: '操作过于频繁，请稍后再试',
    500: '服务器内部错误',
    502: '相关部门系统暂时无法访问',
    503: '服务暂不可用，请稍后再试',
    504: '相关部门系统响应超时',
  };

  /**
   * Calls the gateway. Adds the Bearer token unless `auth: false`; on 401 returns to sign-in.
   * @returns the parsed JSON body (or null when empty)
   * @throws ApiError with the problem+json body
   */
  async function api(method, path, options) {
    const { body, headers, auth = true } = options || {};
    const init = {
      method,
      headers: Object.assign({ Accept: 'application/json, application/problem+json' }, headers || {}),
      cache: 'no-store',
      credentials: 'same-origin',
      referrerPolicy: 'no-referrer',
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (auth) {
      const token = getToken();
      if (!token || !currentUser()) {
        sessionExpired();
        throw new ApiError(401, { title: DEFAULT_TITLES[401] });
      }
      init.headers.Authorization = `Bearer ${token}`;
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (_e) {
      throw new ApiError(0, { title: DEFAULT_TITLES[0] });
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (_e) { data = null; }
    }
    if (response.status === 401 && auth) {
      sessionExpired();
      throw new ApiError(401, data || { title: DEFAULT_TITLES[401] });
    }
    if (!response.ok) {
      const problem = data && typeof data === 'object' ? data : {};
      if (!problem.title) problem.title = DEFAULT_TITLES[response.status] || `请求失败（${response.status}）`;
      throw new ApiError(response.status, problem);
    }
    return data;
  }

  /** Shows a problem: its title, its detail, and every field error message (with the field path). */
  function problemBox(error, fallbackTitle) {
    const p = (error && error.problem) || {};
    const box = h('div', { class: 'alert alert-error', role: 'alert' });
    // Problems are written "中文 / English": the clerk reads the Chinese part.
    const title = chinesePart(p.title || fallbackTitle || (error && error.message) || '操作失败');
    box.append(h('p', { class: 'alert-title', text: title }));
    if (p.detail && p.detail !== p.title) box.append(h('p', { text: maskIdsInText(chinesePart(p.detail)) }));
    const errors = Array.isArray(p.errors) ? p.errors : [];
    if (errors.length) {
      box.append(h('ul', { class: 'field-errors' }, errors.map((e) => {
        const path = Array.isArray(e.path) ? e.path.join('.') : e.path;
        return h('li', null, maskIdsInText(chinesePart(e.message || e.code || '字段有误')), path ? h('span', { class: 'muted', text: `（${path}）` }) : null);
      })));
    }
    if (p.code) box.append(h('p', { class: 'muted small', text: `错误代码：${p.code}` }));
    return box;
  }

  /** What {@link loadForView} answers when the view has nothing to draw. */
  const NOT_LOADED = Symbol('not loaded');

  /**
   * Reads what a view draws: `load()`'s value, or NOT_LOADED when the view was left meanwhile or
   * the read failed. A failure is shown in `box` as a problem titled `failure` (not when the view
   * was left, nor on 401: the session has ended and the login is shown).
   */
  async function loadForView(ctx, box, failure, load) {
    let value;
    try {
      value = await load();
    } catch (e) {
      if (!ctx.live() || e.status === 401) return NOT_LOADED;
      clear(box).append(problemBox(e, failure));
      return NOT_LOADED;
    }
    return ctx.live() ? value : NOT_LOADED;
  }

  /**
   * Handles a form's submissions: the page does not reload, a submission while the last one still
   * runs is ignored, and each first clears `message` and the flash. `prepare()` then checks the
   * input (showing what is wrong) and answers the async work to do, or nothing when the input was
   * refused; the work runs with `submit` disabled, and the form takes submissions again when it
   * settles.
   */
  function onSubmit(form, submit, message, prepare) {
    let busy = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (busy) return;
      clear(message);
      clearFlash();
      const work = prepare();
      if (!work) return;
      busy = true;
      submit.disabled = true;
      try {
        await work();
      } finally {
        busy = false;
        submit.disabled = false;
      }
    });
  }

  /** Idempotency key for one form submission; randomUUID needs a secure context, so fall back. */
  function newIdempotencyKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      try { return window.crypto.randomUUID(); } catch (_e) { /* insecure context: fall through */ }
    }
    const b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // variant 10
    const x = Array.from(b, (n) => n.toString(16).padStart(2, '0')).join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  }

  /**
   * The procedure clock (demo mode can move it). Cached; `force` re-reads it. Falls back to the
   * local date when the clock endpoint is absent (demo: false) or failing (demo: null, unknown).
   */
  async function getClock(force) {
    if (state.clock && !force) return state.clock;
    try {
      const c = await api('GET', `${API}/demo/clock`);
      state.clock = { today: (c && c.today) || localToday(), offsetDays: (c && c.offsetDays) || 0, demo: c ? c.demo !== false : null };
    } catch (e) {
      if (e.status === 401) throw e;
      state.clock = { today: localToday(), offsetDays: 0, demo: e.status === 404 || e.status === 403 ? false : null };
    }
    return state.clock;
  }

  /** Applications filed in this browser tab, so the clerk can come back to them (no ID numbers). */
  function recentApplications() {
    try {
      const list = JSON.parse(sessionStorage.getItem(RECENT_KEY) || '[]');
      return Array.isArray(list) ? list : [];
    } catch (_e) {
      return [];
    }
  }

  function rememberApplication(entry) {
    const list = [entry].concat(recentApplications().filter((a) => a.id !== entry.id)).slice(0, 20);
    try { sessionStorage.setItem(RECENT_KEY, JSON.stringify(list)); } catch (_e) { /* ignore */ }
  }

  // ---------------------------------------------------------------------------------------------
  // Router
  // ---------------------------------------------------------------------------------------------

  const state = {
    /** `{today, offsetDays, demo}` of the procedure clock. */
    clock: null,
    /** One-shot message shown at the top of the next view. */
    flash: null,
    /** Person id matched by the last ID-number lookup (to mark them in the member list). */
    matchedPersonId: null,
  };

  /** Incremented on every render; a view drops answers that arrive after the clerk moved on. */
  let renderSeq = 0;

  /**
   * Shows `hash`. The same hash again is rendered again (read afresh): setting location.hash to the
   * value it has fires no event.
   */
  function navigate(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  }

  /**
   * Every navigation renders its view afresh, the same URL opened again included (a case link
   * clicked or entered again shows a review opened since, not what was read before):
   *  - a click on an in-page link to the hash already shown renders it again (no navigation then:
   *    the browser would fire no hashchange for it);
   *  - popstate comes with every fragment navigation (also the same URL entered again, and
   *    back/forward), hashchange only when the hash changed: a navigation that fired popstate is
   *    rendered there, and its hashchange is not rendered twice. A browser that fires only
   *    hashchange is rendered on that.
   */
  function listenForNavigation() {
    let poppedHref = null;
    window.addEventListener('popstate', () => {
      poppedHref = location.href;
      render();
    });
    window.addEventListener('hashchange', () => {
      if (poppedHref === location.href) {
        poppedHref = null;
        return;
      }
      render();
    });
    document.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      if (!link || (link.target && link.target !== '_self')) return;
      if (new URL(link.href, location.href).href !== location.href) return;
      event.preventDefault();
      render();
    });
  }

  function parseRoute() {
    const raw = location.hash.replace(/^#\/?/, '');
    const [path, query] = raw.split('?');
    const parts = path.split('/').filter(Boolean).map((p) => {
      try { return decodeURIComponent(p); } catch (_e) { return p; }
    });
    return { name: parts[0] || '', args: parts.slice(1), query: new URLSearchParams(query || '') };
  }

  /** Where a department lands after signing in. */
  function homeFor(user) {
    if (!user) return '#/login';
    if (user.department === 'finance') return '#/finance';
    if (user.department === 'civil-affairs' || user.department === 'registry') return '#/intake';
    return '#/queue';
  }

  const ROUTES = {
    login: { nav: null, view: viewLogin, public: true },
    intake: { nav: 'intake', view: viewIntake },
    applications: { nav: 'applications', view: viewApplications },
    queue: { nav: 'queue', view: viewQueue },
    cases: { nav: 'queue', view: viewCase },
    finance: { nav: 'finance', view: viewFinance },
  };

  async function render() {
    const seq = ++renderSeq;
    const route = parseRoute();
    const user = currentUser();
    const entry = ROUTES[route.name];
    if (!entry) {
      navigate(user ? homeFor(user) : '#/login');
      return;
    }
    if (!entry.public && !user) {
      sessionExpired();
      return;
    }
    updateChrome(user, entry.nav);
    const view = clear(document.getElementById('view'));
    showFlash();
    const ctx = {
      seq,
      user,
      view,
      route,
      /** True while this render is still the current one. */
      live: () => seq === renderSeq,
    };
    try {
      await entry.view(ctx);
    } catch (e) {
      if (!ctx.live() || (e && e.status === 401)) return;
      view.append(problemBox(e, '页面加载失败'));
    }
  }

  function showFlash() {
    const box = clear(document.getElementById('flash'));
    if (state.flash) {
      box.append(alertBox(state.flash.kind, state.flash.text));
      state.flash = null;
    }
  }

  /**
   * Removes the message left by the previous action (e.g. "已完成操作：开始公示。"): called when a new
   * action starts and when it fails, so a stale success never stands next to a new error.
   */
  function clearFlash() {
    state.flash = null;
    const box = document.getElementById('flash');
    if (box) clear(box);
  }

  /** Header: who is signed in, which navigation entries this department uses. */
  function updateChrome(user, activeNav) {
    const userbar = document.getElementById('userbar');
    const nav = document.getElementById('main-nav');
    userbar.hidden = !user;
    nav.hidden = !user;
    if (!user) return;
    const parts = [
      user.name ? `${user.name}（${user.username || ''}）` : user.username || '未知用户',
      departmentLabel(user.department),
      areaLabel(user.area),
      user.role ? label(ROLES, user.role) : null,
    ].filter(Boolean);
    document.getElementById('whoami').textContent = `当前用户：${parts.join(' · ')}`;
    // Finance works on obligations; everyone else on intake and queues. The server enforces it.
    document.getElementById('nav-finance').parentElement.hidden = user.department !== 'finance';
    for (const link of nav.querySelectorAll('a[data-route]')) {
      if (link.dataset.route === activeNav) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  /** Puts the view's heading in place and moves keyboard focus to it (screen readers announce it). */
  function heading(ctx, title, subtitle) {
    document.title = `${title} · 乌海市社会救助“一门受理”平台`;
    const h2 = h('h2', { class: 'view-title', tabindex: '-1', text: title });
    append(ctx.view, [h2, subtitle ? h('p', { class: 'view-subtitle muted', text: subtitle }) : null]);
    h2.focus({ preventScroll: false });
    return h2;
  }

  // ---------------------------------------------------------------------------------------------
  // View: 登录 (sign in)
  // ---------------------------------------------------------------------------------------------

  async function viewLogin(ctx) {
    heading(ctx, '工作人员登录', '请使用本部门分配的账号登录。');
    const username = h('input', {
      id: 'login-username', 'data-testid': 'login-username', name: 'username', type: 'text',
      autocomplete: 'username', required: true, spellcheck: 'false', autocapitalize: 'off',
    });
    const password = h('input', {
      id: 'login-password', 'data-testid': 'login-password', name: 'password', type: 'password',
      autocomplete: 'current-password', required: true,
    });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'login-submit', 'data-testid': 'login-submit' }, '登录');
    const message = h('div', { id: 'login-message', 'aria-live': 'assertive' });
    const form = h('form', { class: 'form login-form', novalidate: true, 'aria-labelledby': 'login-form-title' },
      h('h3', { class: 'card-title', id: 'login-form-title', text: '账号登录' }),
      h('div', { class: 'field' }, h('label', { for: 'login-username', text: '用户名' }), username),
      h('div', { class: 'field' }, h('label', { for: 'login-password', text: '密码' }), password),
      message,
      h('div', { class: 'actions' }, submit));

    onSubmit(form, submit, message, () => {
      if (!username.value.trim() || !password.value) {
        message.append(alertBox('error', '请输入用户名和密码。'));
        return null;
      }
      return async () => {
        try {
          const answer = await api('POST', `${API}/auth/login`, {
            auth: false,
            body: { username: username.value.trim(), password: password.value },
          });
          if (!answer || !answer.token || !decodeJwt(answer.token)) throw new ApiError(500, { title: '登录服务返回的令牌无效' });
          sessionStorage.setItem(TOKEN_KEY, answer.token);
          state.clock = null;
          let target = null;
          try {
            target = sessionStorage.getItem(RETURN_KEY);
            sessionStorage.removeItem(RETURN_KEY);
          } catch (_e) { /* ignore */ }
          password.value = '';
          navigate(target && target.startsWith('#/') && !target.startsWith('#/login') ? target : homeFor(currentUser()));
        } catch (e) {
          clear(message).append(problemBox(e, '登录失败'));
          password.select();
        }
      };
    });

    // Demo accounts: a click fills the form (the seed creates them only in demo mode).
    const demo = h('details', { class: 'demo-accounts' },
      h('summary', { text: '演示账号（仅演示环境，密码均为 demo）' }),
      h('ul', null, DEMO_ACCOUNTS.map((name) => h('li', null, button(name, {
        class: 'btn btn-link',
        onclick: () => { username.value = name; password.value = 'demo'; submit.focus(); },
      })))));

    ctx.view.append(h('div', { class: 'card login-card' }, form, demo));
    username.focus();
  }

  // ---------------------------------------------------------------------------------------------
  // View: 受理 (find a household, show it, preview, file a dibao application)
  // ---------------------------------------------------------------------------------------------

  async function viewIntake(ctx) {
    const householdId = ctx.route.args[0];
    heading(ctx, '统一受理窗口', '按身份证号查找申请人所在家庭，核对家庭信息后进行预评估并受理低保申请。');
    ctx.view.append(searchForm(ctx));
    if (!householdId) {
      ctx.view.append(nameSearchForm(ctx));
      state.matchedPersonId = null;
      return;
    }
    const area = h('div', { id: 'household-area' }, loading('正在读取家庭信息…'));
    ctx.view.append(area);
    await householdView(ctx, area, householdId);
  }

  /** The ID-number search form; a hit navigates to #/intake/<householdId> (no ID in the URL). */
  function searchForm(ctx) {
    const input = h('input', {
      id: 'search-idnumber', 'data-testid': 'search-idnumber', name: 'idNumber', type: 'text',
      inputmode: 'text', maxlength: '18', minlength: '15', autocomplete: 'off', spellcheck: 'false',
      autocapitalize: 'characters', required: true, 'aria-describedby': 'search-idnumber-hint search-message',
      pattern: '[0-9]{15}|[0-9]{17}[0-9Xx]', class: 'input-id',
    });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'search-submit', 'data-testid': 'search-submit' }, '查询');
    const message = h('div', { id: 'search-message', 'aria-live': 'polite' });
    const form = h('form', { class: 'form search-form', role: 'search', novalidate: true },
      h('div', { class: 'field field-inline' },
        h('label', { for: 'search-idnumber', text: '申请人身份证号码' }),
        h('div', { class: 'inline' }, input, submit),
        h('p', { class: 'hint', id: 'search-idnumber-hint', text: '18位居民身份证号码，末位可为X；以15位旧身份证号登记的人员也可输入15位旧号。号码仅用于本次查询，不会保存在地址栏中。' })),
      message);

    onSubmit(form, submit, message, () => {
      input.removeAttribute('aria-invalid');
      const id = input.value.replace(/\s+/g, '').toUpperCase();
      const today = (state.clock && state.clock.today) || localToday();
      const problem = lookupIdNumberProblem(id, today);
      if (problem) {
        input.setAttribute('aria-invalid', 'true');
        message.append(alertBox('error', problem));
        input.focus();
        return null;
      }
      return async () => {
        message.append(loading('正在查询…'));
        try {
          // The only call that carries a full ID number in its URL (the lookup itself).
          const found = await api('GET', `${API}/persons/${encodeURIComponent(id)}`);
          if (!ctx.live()) return;
          input.value = '';
          if (found.deathDate) {
            // the deceased stay findable with the household they belonged to: say so before
            // anything else, and open that household only when the clerk asks
            const name = (found.person && found.person.name) || '';
            clear(message).append(h('div', { class: 'alert alert-warn', role: 'status', 'data-testid': 'search-deceased' },
              h('p', { class: 'alert-title', text: `${name ? `${name}：` : ''}已故（死亡日期 ${found.deathDate}）` }),
              h('p', { text: '该人员已登记死亡，不再是任何家庭的成员，不能以其名义申请。' }),
              h('p', null, h('a', {
                href: `#/intake/${encodeURIComponent(found.householdId)}`,
                'data-testid': 'search-deceased-household',
                text: `查看其生前所在家庭${found.householdNo ? `（户号 ${found.householdNo}）` : ''}`,
              }))));
            return;
          }
          state.matchedPersonId = found.personId || null;
          navigate(`#/intake/${encodeURIComponent(found.householdId)}`);
        } catch (e) {
          if (!ctx.live() || e.status === 401) return;
          clear(message).append(problemBox(e, '查询失败'));
          if (e.status === 404) {
            message.append(alertBox('info', '平台中没有该身份证号对应的人员。请核对号码；如为首次申请，请先办理家庭信息登记。'));
          }
          input.focus();
        }
      };
    });
    return card('查找家庭', form);
  }

  /**
   * Finds households by a member's name (prefix), area and street (any part of the street name,
   * matched by the server) when the applicant has no ID card at hand; results show the head's
   * masked ID number, the hukou and the declared income per person, a page of
   * SEARCH_PAGE_SIZE households at a time (`limit`/`offset`).
   */
  function nameSearchForm(ctx) {
    const name = h('input', { id: 'search-name', 'data-testid': 'search-name', name: 'name', type: 'text', maxlength: '20', autocomplete: 'off' });
    const areaSelect = h('select', { id: 'search-area', 'data-testid': 'search-area', name: 'area' },
      h('option', { value: '', text: '全部' }),
      Object.entries(AREAS).filter(([code]) => code !== '*').map(([code, text]) => h('option', { value: code, text })));
    const street = h('input', {
      id: 'search-street', 'data-testid': 'search-street', name: 'street', type: 'text', maxlength: '30', autocomplete: 'off',
      'aria-describedby': 'search-street-hint',
    });
    const submit = h('button', { type: 'submit', class: 'btn btn-secondary', 'data-testid': 'search-name-submit' }, '查找');
    const results = h('div', { id: 'search-results', 'aria-live': 'polite' });
    const form = h('form', { class: 'form search-form', role: 'search', novalidate: true },
      h('div', { class: 'field field-inline' },
        h('label', { for: 'search-name', text: '成员姓名（可只输入姓）' }), name),
      h('div', { class: 'field field-inline' }, h('label', { for: 'search-area', text: '行政区' }), areaSelect),
      h('div', { class: 'field field-inline' },
        h('label', { for: 'search-street', text: '街道（镇）' }), h('div', { class: 'inline' }, street, submit),
        h('p', { class: 'hint', id: 'search-street-hint', text: '可输入街道名称的一部分，如“新华”。' })),
      results);

    /** The criteria of the last search: the pager pages through them, not through edited fields. */
    let criteria = null;
    let busy = false;

    const search = async (offset) => {
      if (!criteria || busy) return;
      busy = true;
      submit.disabled = true;
      clear(results).append(loading('正在查找…'));
      const q = new URLSearchParams(criteria);
      q.set('limit', String(SEARCH_PAGE_SIZE));
      q.set('offset', String(offset));
      try {
        const found = await api('GET', `${API}/households?${q.toString()}`);
        if (!ctx.live()) return;
        const households = Array.isArray(found && found.households) ? found.households : [];
        const total = Number(found && found.total) || 0;
        if (!households.length && offset > 0 && total > 0) {
          // The list shrank since the last page was read: show its last page instead.
          busy = false;
          await search(Math.max(0, Math.floor((total - 1) / SEARCH_PAGE_SIZE) * SEARCH_PAGE_SIZE));
          return;
        }
        const rows = households.map((x) => [
          x.householdNo || '—',
          (x.headName || '—') + (x.matchedName && x.matchedName !== x.headName ? `（匹配：${x.matchedName}）` : ''),
          h('span', { class: 'id-number', text: x.headIdNumberMasked ? maskId(x.headIdNumberMasked) : '—' }),
          label(HUKOU, x.hukou),
          `${areaLabel(x.area)} ${x.street || ''}`.trim(),
          x.members == null ? '—' : String(x.members),
          yuan(x.perCapitaIncomeFen),
          button('查看', { class: 'btn btn-small', 'data-testid': 'search-result-open', onclick: () => navigate(`#/intake/${encodeURIComponent(x.householdId)}`) }),
        ]);
        const first = households.length ? offset + 1 : 0;
        const last = offset + households.length;
        const page = Math.floor(offset / SEARCH_PAGE_SIZE) + 1;
        const pages = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
        const prev = button('上一页', {
          class: 'btn btn-secondary btn-small', 'data-testid': 'search-prev', disabled: offset <= 0,
          onclick: () => search(Math.max(0, offset - SEARCH_PAGE_SIZE)),
        });
        const next = button('下一页', {
          class: 'btn btn-secondary btn-small', 'data-testid': 'search-next', disabled: last >= total,
          onclick: () => search(offset + SEARCH_PAGE_SIZE),
        });
        clear(results).append(
          h('p', { class: 'muted small', 'data-testid': 'search-count', text: total ? `共 ${total} 户，当前显示第 ${first}–${last} 户` : '共 0 户' }),
          table(null, ['户号', '户主', '户主身份证号', '户籍', '住址', '人数', '人均月收入（元）', ''], rows, '没有找到符合条件的家庭'),
          total > SEARCH_PAGE_SIZE || offset > 0
            ? h('nav', { class: 'pager', 'aria-label': '查找结果分页' }, prev, h('span', { class: 'muted small', text: `第 ${page} / ${pages} 页` }), next)
            : null,
        );
      } catch (e) {
        if (!ctx.live() || e.status === 401) return;
        clear(results).append(problemBox(e, '查找失败'));
      } finally {
        busy = false;
        submit.disabled = false;
      }
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (busy) return;
      clearFlash();
      clear(results);
      const q = {};
      if (name.value.trim()) q.name = name.value.trim();
      if (areaSelect.value) q.area = areaSelect.value;
      if (street.value.trim()) q.street = street.value.trim();
      if (!Object.keys(q).length) {
        results.append(alertBox('error', '请至少填写姓名、行政区或街道之一。'));
        return;
      }
      criteria = q;
      await search(0);
    });
    return card('按姓名或街道查找', form);
  }

  /** Reads one household and draws: facts, members (masked IDs), history, preview, application form. */
  async function householdView(ctx, area, householdId) {
    const path = `${API}/households/${encodeURIComponent(householdId)}`;
    const household = await loadForView(ctx, area, '读取家庭信息失败', () => api('GET', path));
    if (household === NOT_LOADED) return;
    const today = (await getClock()).today;
    if (!ctx.live()) return;
    const facts0 = household.household || {};
    const members = Array.isArray(facts0.members) ? facts0.members : [];
    const names = memberNames(members);

    // Members: masked by default; "显示完整" fetches the household again with the full numbers
    // (the server audits that read) and drops them again when hidden.
    const membersBox = h('div', { id: 'members-box' });
    const historyBox = h('div', { id: 'history-box' });
    const toggle = button('显示完整', {
      class: 'btn btn-secondary btn-small', id: 'toggle-full-id', 'data-testid': 'toggle-full-id',
      'aria-controls': 'members-box',
    });
    const toggleNote = h('span', { class: 'muted small', 'aria-live': 'polite' });
    let revealed = false;
    const drawMembers = (data, full) => {
      const list = (data.household && data.household.members) || [];
      clear(membersBox).append(membersTable(list, today, full));
      clear(historyBox).append(historyTable(data.history || [], full, memberNames(list)));
    };
    toggle.addEventListener('click', async () => {
      toggle.disabled = true;
      clear(toggleNote);
      clearFlash();
      try {
        if (!revealed) {
          const full = await api('GET', `${path}?reveal=idNumber`);
          if (!ctx.live()) return;
          revealed = true;
          drawMembers(full, true);
          toggle.textContent = '隐藏完整号码';
          const stillMasked = (full.household.members || []).some((m) => String(m.idNumber || '').includes('*'));
          toggleNote.textContent = stillMasked ? '服务器未返回完整号码（可能无权查看）。' : '已显示完整身份证号，本次查看已记录。';
        } else {
          revealed = false;
          drawMembers(household, false);
          toggle.textContent = '显示完整';
          toggleNote.textContent = '身份证号已重新遮挡。';
        }
      } catch (e) {
        if (e.status !== 401) toggleNote.append(problemBox(e, '读取完整号码失败'));
      } finally {
        toggle.disabled = false;
      }
    });
    drawMembers(household, false);

    const assets = facts0.assets || {};
    const size = members.length;
    // Two decimals, never cut off: 116.1 m² for 6 persons is 19.35 m² each.
    const perCapitaArea = typeof facts0.livingAreaM2 === 'number' ? areaPerPerson(facts0.livingAreaM2, size) : null;
    const fp = facts0.familyPlanning || {};
    const householdCard = card('家庭基本情况',
      facts([
        ['户编号', household.householdNo],
        ['行政区划', areaLabel(facts0.area)],
        ['街道（镇）', household.street],
        ['家庭住址', household.address],
        ['户籍类型', label(HUKOU, facts0.hukou)],
        ['家庭人口', `${size} 人`],
        ['居住面积', facts0.livingAreaM2 == null ? null : `${areaText(facts0.livingAreaM2)}${perCapitaArea ? `（人均 ${perCapitaArea} 平方米）` : ''}`],
        ['自有住房', yesNo(facts0.homeOwned)],
        ['危房等级', historyValue('danger', facts0.houseDangerGrade)],
        ['金融资产', money(assets.financialFen)],
        ['机动车（不含残疾人代步车）', assets.vehicles == null ? null : `${assets.vehicles} 辆`],
        ['残疾人代步车', assets.disabilityVehicles == null ? undefined : `${assets.disabilityVehicles} 辆`],
        ['住房', assets.residences == null ? null : `${assets.residences} 套`],
        ['经营注册资本', money(assets.businessCapitalFen)],
        ['独生子女情况', fp.onlyChild ? (fp.onlyChild === 'disabled' ? '独生子女伤残' : '独生子女死亡') : undefined],
        ['数据版本', household.version == null ? undefined : String(household.version)],
      ]));

    const membersCard = card('家庭成员',
      h('div', { class: 'toolbar' },
        h('span', { class: 'muted small', text: '身份证号默认遮挡显示（前6位＋8个*＋后4位）。' }), toggle, toggleNote),
      membersBox);

    const historyCard = h('details', { class: 'card card-details' },
      h('summary', { text: `信息变更记录（${(household.history || []).length} 条）` }), historyBox);

    const previewBox = h('div', { id: 'preview-box' });
    const rerun = button('重新评估', { class: 'btn btn-secondary btn-small', id: 'preview-refresh', 'data-testid': 'preview-refresh' });
    rerun.addEventListener('click', () => runPreview(ctx, previewBox, household, names));
    const previewCard = card('预评估',
      h('p', { class: 'muted small', text: '根据登记的家庭信息按现行政策测算，仅供受理参考；最终以调查核实和审批结果为准。' }),
      h('div', { class: 'toolbar' }, rerun), previewBox);

    clear(area).append(householdCard, membersCard, historyCard, previewCard, applicationForm(ctx, household, names));
    runPreview(ctx, previewBox, household, names);
  }

  /** memberId → name, for evaluation lines. */
  function memberNames(members) {
    const map = new Map();
    for (const m of members || []) {
      if (m.id != null) map.set(String(m.id), m.name);
      if (m.personId != null) map.set(String(m.personId), m.name);
    }
    return map;
  }

  function membersTable(members, today, full) {
    const rows = members.map((m) => {
      const matched = state.matchedPersonId && (m.id === state.matchedPersonId || m.personId === state.matchedPersonId);
      const a = age(m.birthDate, today);
      const notes = [];
      if (m.illness) notes.push(label(ILLNESSES, m.illness));
      if (m.tekun && m.tekun.kind) notes.push(`特困（${label(TEKUN_KINDS, m.tekun.kind)}）`);
      if (m.admission && m.admission.level) notes.push(`新录取${label(ADMISSION_LEVELS, m.admission.level)}`);
      if (m.pensionInsured) notes.push('已参加基本养老保险');
      return {
        class: matched ? 'row-highlight' : null,
        cells: [
          h('span', null, m.name || '—', matched ? h('span', { class: 'tag', text: '查询对象' }) : null),
          h('span', { class: 'id-number', text: full ? String(m.idNumber || '—') : maskId(m.idNumber) }),
          label(SEXES, m.sex),
          `${m.birthDate || '—'}${a == null ? '' : `（${a}岁）`}`,
          label(RELATIONS, m.relation),
          yesNo(m.minority),
          m.disability ? `${label(DISABILITY_CATEGORIES, m.disability.category)}${label(GRADES, m.disability.grade)}` : '无',
          money(m.monthlyIncomeFen),
          m.canWork == null ? '—' : m.canWork ? '有' : '无',
          yesNo(m.employed),
          m.school ? `${label(SCHOOL_LEVELS, m.school.level)}${m.school.boarding ? '（寄宿）' : ''}` : '—',
          notes.join('；') || '—',
        ],
      };
    });
    return table(null, ['姓名', '身份证号', '性别', '出生日期', '与户主关系', '少数民族', '残疾', '月收入（元）', '劳动能力', '就业', '在校', '其他'], rows, '该户没有登记成员');
  }

  /** One recorded value of the change history in Chinese (kind from HISTORY_FIELDS / MEMBER_HISTORY_FIELDS). */
  function historyValue(kind, v) {
    if (v === undefined) return '—';
    if (v === null || v === '') return ['danger', 'illness', 'school', 'disability'].includes(kind) ? '无' : '—';
    switch (kind) {
      case 'fen': return money(v);
      case 'm2': return areaText(v);
      case 'bool': return typeof v === 'boolean' ? yesNo(v) : String(v);
      case 'vehicles': return `${v} 辆`;
      case 'residences': return `${v} 套`;
      case 'danger': return `${v}级`;
      case 'illness': return label(ILLNESSES, v);
      case 'school':
        return typeof v === 'object' ? `${label(SCHOOL_LEVELS, v.level)}${v.boarding ? '（寄宿）' : ''}` : label(SCHOOL_LEVELS, v);
      case 'disability':
        return typeof v === 'object' ? `${label(DISABILITY_CATEGORIES, v.category)}${label(GRADES, v.grade)}` : String(v);
      case 'text': return String(v);
      default:
        if (typeof v === 'boolean') return yesNo(v);
        if (typeof v === 'object') {
          try { return JSON.stringify(v); } catch (_e) { return String(v); }
        }
        return String(v);
    }
  }

  /**
   * A change-history entry → [field label, old value, new value] in Chinese. Fields are those of
   * the registry (`street`, `assets.vehicles`, `members.<personId>.monthlyIncomeFen`, …); the
   * registration is recorded as field `household` with `{registered, members, area, street}`.
   */
  function describeChange(change, names) {
    const parse = (v) => {
      if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v;
      try { return JSON.parse(v); } catch (_e) { return v; }
    };
    const field = String(change.field || '');
    const oldValue = parse(change.oldValue);
    const newValue = parse(change.newValue);
    if (field === 'household') {
      const n = newValue && typeof newValue === 'object' ? newValue : {};
      const where = [n.area ? areaLabel(n.area) : null, n.street || null].filter(Boolean).join(' ');
      return [n.members == null ? '登记建户' : `登记建户（${n.members}人）`, '—', where || '—'];
    }
    if (HISTORY_FIELDS[field]) {
      const [text, kind] = HISTORY_FIELDS[field];
      return [text, historyValue(kind, oldValue), historyValue(kind, newValue)];
    }
    const m = /^members\.([^.]+)\.(.+)$/.exec(field);
    if (m) {
      const who = memberName(names, m[1]);
      const known = MEMBER_HISTORY_FIELDS[m[2]];
      return [`${who}·${known ? known[0] : m[2]}`, historyValue(known ? known[1] : null, oldValue), historyValue(known ? known[1] : null, newValue)];
    }
    return [withNames(field, names), historyValue(null, oldValue), historyValue(null, newValue)];
  }

  function historyTable(history, full, names) {
    const text = (v) => (full ? v : maskIdsInText(v));
    const rows = history.map((c) => {
      const [field, oldText, newText] = describeChange(c, names);
      return [dateTime(c.at), c.by || '—', field, text(oldText), text(newText)];
    });
    return table(null, ['时间', '操作人', '变更事项', '原值', '新值'], rows, '暂无变更记录');
  }

  /**
   * The evaluation request is the household object from the GET, as it is. Member ID numbers
   * the server sent masked cannot pass the ID check and are not needed by the rules: drop those.
   */
  function evaluationHousehold(household) {
    const copy = JSON.parse(JSON.stringify(household.household || {}));
    for (const m of copy.members || []) {
      if (m.idNumber == null || m.idNumber === '' || String(m.idNumber).includes('*')) delete m.idNumber;
    }
    return copy;
  }

  async function runPreview(ctx, box, household, names) {
    clear(box).append(loading('正在预评估…'));
    try {
      const clock = await getClock();
      const result = await api('POST', `${API}/evaluations`, { body: { asOf: clock.today, household: evaluationHousehold(household) } });
      if (!ctx.live()) return;
      clear(box).append(previewResult(result, names));
    } catch (e) {
      if (!ctx.live() || e.status === 401) return;
      clear(box).append(problemBox(e, '预评估失败'));
    }
  }

  function previewResult(r, names) {
    const entitlements = Array.isArray(r.entitlements) ? r.entitlements : [];
    const ineligible = Array.isArray(r.ineligible) ? r.ineligible : [];
    const monthly = sumFen(entitlements.filter((e) => e.period === 'month').map((e) => e.amountFen));
    const review = Array.isArray(r.needsManualReview) ? r.needsManualReview : [];
    const who = (id) => memberName(names, id);
    const reasonText = (reason) => withNames(chinesePart(typeof reason === 'string' ? reason : reason.message || reason.code), names);
    const summary = h('div', { class: 'summary' },
      h('div', { class: `summary-item ${r.dibaoClass ? 'ok' : 'no'}` },
        h('span', { class: 'summary-label', text: '低保分类施保' }),
        h('strong', { 'data-testid': 'preview-dibao-class', text: r.dibaoClass ? label(DIBAO_CLASSES, r.dibaoClass) : '不符合低保条件' })),
      h('div', { class: 'summary-item' },
        h('span', { class: 'summary-label', text: '家庭月人均收入' }),
        h('strong', { text: money(r.perCapitaIncomeFen) })),
      h('div', { class: 'summary-item' },
        h('span', { class: 'summary-label', text: '按月救助合计' }),
        h('strong', { 'data-testid': 'preview-monthly-total', text: money(monthly, 'month') })),
      h('div', { class: 'summary-item' },
        h('span', { class: 'summary-label', text: '评估日期' }),
        h('strong', { text: r.asOf || '—' })));
    const rows = entitlements.map((e) => [
      programLabel(e.program),
      who(e.memberId),
      Number(e.amountFen) === 0 && e.amountFen !== undefined ? '非现金（减免/资格）' : money(e.amountFen),
      label(PERIODS, e.period),
      clauses(e.clauses),
      h('span', { class: 'explanation', text: e.explanation ? withNames(e.explanation, names) : '—' }),
    ]);
    const reasonRows = (list) => list.map((x) => [
      programLabel(x.program) + (x.memberId ? `（${who(x.memberId)}）` : ''),
      h('ul', { class: 'plain' }, (x.reasons || []).map((reason) => h('li', { text: reasonText(reason) }))),
    ]);
    const noRows = reasonRows(ineligible);
    return h('div', null,
      summary,
      table('可享受的救助', ['救助项目', '对象', '金额（元）', '周期', '政策依据', '说明'], rows, '按登记信息测算，暂无可享受的救助项目'),
      ineligible.length ? h('details', { class: 'subtle' },
        h('summary', { text: `不符合条件的项目（${ineligible.length} 项）` }),
        table(null, ['救助项目', '原因'], noRows)) : null,
      review.length ? h('details', { class: 'subtle', open: true },
        h('summary', { text: `需人工复核的项目（${review.length} 项）` }),
        table(null, ['救助项目', '原因'], reasonRows(review))) : null);
  }

  /** The dibao application form; one Idempotency-Key per submission so a double click files one case. */
  function applicationForm(ctx, household, _names) {
    const note = h('textarea', { id: 'apply-note', 'data-testid': 'apply-note', name: 'note', rows: '3', maxlength: '1000' });
    const declaration = h('input', { type: 'checkbox', id: 'apply-declaration', 'data-testid': 'apply-declaration', name: 'declarationSigned' });
    const authorisation = h('input', { type: 'checkbox', id: 'apply-authorisation', 'data-testid': 'apply-authorisation', name: 'authorisationSigned' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'apply-submit', 'data-testid': 'apply-submit' }, '受理并提交申请');
    const message = h('div', { id: 'apply-message', 'aria-live': 'assertive' });
    const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'apply-title' },
      h('h3', { class: 'card-title', id: 'apply-title', text: '受理最低生活保障申请' }),
      facts([
        ['申请家庭', `${household.householdNo || shortId(household.id)}（${areaLabel((household.household || {}).area)}${household.street ? ` · ${household.street}` : ''}）`],
        ['申请项目', '最低生活保障（低保）；专项救助由平台根据评估结果分送各部门办理'],
      ]),
      h('div', { class: 'field' },
        h('label', { for: 'apply-note', text: '受理备注（选填）' }),
        note,
        h('p', { class: 'hint', text: '如申请原因、补充材料等。请勿填写身份证号。' })),
      h('fieldset', { class: 'field' },
        h('legend', { text: '签署材料（必须全部确认）' }),
        h('div', { class: 'check' }, declaration, h('label', { for: 'apply-declaration', text: '家庭成员已签署申请声明' })),
        h('div', { class: 'check' }, authorisation, h('label', { for: 'apply-authorisation', text: '已签署家庭经济状况核对授权书' }))),
      message,
      h('div', { class: 'actions' }, submit));

    /** `{key, body}`: the key is kept while the body is unchanged, so a retry is the same request. */
    let pending = null;
    onSubmit(form, submit, message, () => {
      const missing = [];
      if (!declaration.checked) missing.push('请确认家庭成员已签署申请声明。');
      if (!authorisation.checked) missing.push('请确认已签署家庭经济状况核对授权书。');
      for (const box of [declaration, authorisation]) {
        if (box.checked) box.removeAttribute('aria-invalid');
        else box.setAttribute('aria-invalid', 'true');
      }
      if (missing.length) {
        message.append(h('div', { class: 'alert alert-error', role: 'alert' }, h('ul', { class: 'field-errors' }, missing.map((t) => h('li', { text: t })))));
        (declaration.checked ? authorisation : declaration).focus();
        return null;
      }
      const body = {
        householdId: household.id,
        programs: ['dibao'],
        note: note.value.trim(),
        declarationSigned: true,
        authorisationSigned: true,
      };
      const bodyText = JSON.stringify(body);
      if (!pending || pending.body !== bodyText) pending = { key: newIdempotencyKey(), body: bodyText };
      return async () => {
        submit.setAttribute('aria-busy', 'true');
        message.append(loading('正在提交…'));
        try {
          // The signed authorisation to verify (MCA-2012): record every adult member's signature
          // before the application, so the investigation can run the cross-registry verification.
          const today = (state.clock && state.clock.today) || localToday();
          const adults = ((household.household || {}).members || []).filter((m) => m.birthDate && age(m.birthDate, today) >= 18).map((m) => m.id);
          if (adults.length) {
            await api('POST', `${API}/households/${encodeURIComponent(household.id)}/authorisations`, { body: { personIds: adults, signedAt: today } });
          }
          const created = await api('POST', `${API}/applications`, { body, headers: { 'Idempotency-Key': pending.key } });
          pending = null;
          rememberApplication({ id: created.id, householdNo: household.householdNo || '', householdId: household.id, at: new Date().toISOString() });
          state.flash = { kind: 'success', text: `申请已受理，申请编号 ${created.id}。已按程序分送相关部门办理。` };
          if (ctx.live()) navigate(`#/applications/${encodeURIComponent(created.id)}`);
        } catch (e) {
          if (!ctx.live() || e.status === 401) return;
          clearFlash();
          clear(message).append(problemBox(e, '提交申请失败'));
        } finally {
          submit.removeAttribute('aria-busy');
        }
      };
    });
    return h('section', { class: 'card card-form' }, form);
  }

  // ---------------------------------------------------------------------------------------------
  // View: 申请进度 (an application across departments)
  // ---------------------------------------------------------------------------------------------

  async function viewApplications(ctx) {
    const id = ctx.route.args[0];
    heading(ctx, '申请进度', '查看一件申请在民政及各部门的办理情况。');
    if (!id) {
      ctx.view.append(applicationLookup(), recentList());
      return;
    }
    const box = h('div', { id: 'application-box' }, loading());
    const refresh = button('刷新', { class: 'btn btn-secondary', id: 'application-refresh', 'data-testid': 'application-refresh' });
    /** householdId → the head's name (or null), read once per view (refresh does not read it again). */
    const heads = new Map();
    refresh.addEventListener('click', async () => {
      refresh.disabled = true;
      clearFlash();
      await loadApplication(ctx, box, id, heads);
      refresh.disabled = false;
    });
    ctx.view.append(h('div', { class: 'toolbar' }, h('a', { href: '#/applications', class: 'btn btn-link', text: '← 其他申请' }), refresh), box);
    await loadApplication(ctx, box, id, heads);
  }

  /** The head's name of a household (relation head, else the first member), or null. */
  function headNameOf(household) {
    const members = ((household && household.household) || {}).members;
    if (!Array.isArray(members) || !members.length) return null;
    const head = members.find((m) => m.relation === 'head') || members[0];
    return (head && head.name) || null;
  }

  /**
   * The head's name for the application page: civil-affairs users read the household once
   * (`GET /api/v1/households/{id}`, cached in `heads`); other departments do not read it.
   */
  async function applicationHeadName(ctx, householdId, heads) {
    if (!householdId || ctx.user.department !== 'civil-affairs') return null;
    if (heads.has(householdId)) return heads.get(householdId);
    let name = null;
    try {
      name = headNameOf(await api('GET', `${API}/households/${encodeURIComponent(householdId)}`));
    } catch (e) {
      if (e.status === 401) throw e;
      name = null; // the name is a convenience: the link works without it
    }
    heads.set(householdId, name);
    return name;
  }

  function applicationLookup() {
    const input = h('input', { id: 'application-id', 'data-testid': 'application-id', type: 'text', autocomplete: 'off', spellcheck: 'false', required: true, class: 'input-wide' });
    const form = h('form', { class: 'form', novalidate: true },
      h('div', { class: 'field field-inline' },
        h('label', { for: 'application-id', text: '申请编号' }),
        h('div', { class: 'inline' }, input, h('button', { type: 'submit', class: 'btn btn-primary', id: 'application-lookup', 'data-testid': 'application-lookup' }, '查询'))));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const id = input.value.trim();
      if (id) navigate(`#/applications/${encodeURIComponent(id)}`);
    });
    return card('按申请编号查询', form);
  }

  function recentList() {
    const list = recentApplications();
    const rows = list.map((a) => [
      h('a', { href: `#/applications/${encodeURIComponent(a.id)}`, text: a.id }),
      a.householdNo || '—',
      dateTime(a.at),
    ]);
    return card('本次登录受理的申请', table(null, ['申请编号', '户编号', '受理时间'], rows, '本次登录尚未受理申请'));
  }

  async function loadApplication(ctx, box, id, heads) {
    const loaded = await loadForView(ctx, box, '读取申请失败', async () => {
      const app = await api('GET', `${API}/applications/${encodeURIComponent(id)}`);
      if (!ctx.live()) return { app, headName: null };
      return { app, headName: await applicationHeadName(ctx, app.householdId, heads || new Map()) };
    });
    if (loaded === NOT_LOADED) return;
    const { app, headName } = loaded;
    const routes = Array.isArray(app.routes) ? app.routes : [];
    const departments = Array.isArray(app.departments) ? app.departments : [];
    const main = routes.find((r) => r.service === 'civil-affairs' && (r.program || 'dibao') === 'dibao') || routes[0];
    const overall = main ? statusLabel(main.status) : '已提交';
    const isCivil = ctx.user.department === 'civil-affairs';

    const header = card('申请概况',
      h('p', { class: 'overall' }, '办理状态：',
        h('span', {
          class: `badge badge-${main ? main.status : 'submitted'}`, id: 'application-status', 'data-testid': 'application-status',
          'data-status': main ? main.status : '', text: overall,
        }),
        h('span', { class: 'muted small', text: `（更新于 ${dateTime(new Date().toISOString())}）` })),
      procedureSteps(main && main.status),
      facts([
        ['申请编号', app.id],
        ['申请家庭', app.householdId ? h('a', {
          href: `#/intake/${encodeURIComponent(app.householdId)}`, 'data-testid': 'application-household',
          text: headName ? `查看家庭（${headName}）` : '查看家庭',
        }) : null],
        ['申请项目', (app.programs || []).map(programLabel).join('、')],
        ['行政区划', app.area ? areaLabel(app.area) : undefined],
        ['受理时间', dateTime(app.submittedAt || app.createdAt)],
        ['受理人', app.submittedBy],
        ['备注', app.note ? maskIdsInText(app.note) : '—'],
      ]));

    const routeRows = routes.map((r) => [
      departmentLabel(r.service),
      programLabel(r.program),
      r.caseId ? (r.service === 'civil-affairs' && isCivil
        ? h('a', { href: `#/cases/${encodeURIComponent(r.caseId)}`, text: shortId(r.caseId), title: r.caseId })
        : h('span', { title: r.caseId, text: shortId(r.caseId) })) : '—',
      badge(r.status),
      r.dueDate || '—',
    ]);
    const routesCard = card('分办情况', table(null, ['办理部门', '救助项目', '案件编号', '状态', '办理时限'], routeRows, '尚未生成办理案件'));

    const deptCards = departments.map((d) => {
      const title = `${departmentLabel(d.service)}部门`;
      if (d.state === 'unavailable') {
        return h('section', { class: 'card dept', 'data-service': d.service },
          h('h4', { class: 'dept-title', text: title }),
          alertBox('warn', '该部门系统暂时无法访问，信息可能不完整，请稍后刷新。'));
      }
      const items = Array.isArray(d.items) ? d.items : [];
      const rows = items.map((it) => [
        programLabel(it.program),
        it.memberName || '全户',
        Number(it.amountFen) === 0 && it.amountFen !== undefined ? '非现金' : money(it.amountFen, it.period),
        label(PERIODS, it.period),
        badge(it.status),
        h('span', { class: 'explanation', text: it.explanation || '—' }),
        clauses(it.clauses),
      ]);
      return h('section', { class: 'card dept', 'data-service': d.service },
        h('h4', { class: 'dept-title', text: title }),
        table(null, ['救助项目', '对象', '金额', '周期', '状态', '说明', '政策依据'], rows, '该部门暂无与本申请相关的救助事项'));
    });

    clear(box).append(header, routesCard,
      h('h3', { class: 'section-title', text: '各部门办理情况' }),
      deptCards.length ? h('div', { class: 'dept-grid' }, deptCards) : alertBox('info', '暂无各部门的办理信息。'));
  }

  /**
   * 受理 → 调查核实 → 公示 → 审批 (MCA-2012 procedure). `submitted` means the investigation is
   * under way, `verified` and `under_notice` that the public notice is next or running; a decided
   * case has every step done, the last one named by its decision.
   */
  function procedureSteps(status) {
    const steps = ['受理', '调查核实', '公示（7天）', '审批'];
    const decided = status === 'approved' || status === 'refused';
    const current = decided ? -1 : { submitted: 1, verified: 2, under_notice: 2 }[status] ?? 0;
    return h('ol', { class: 'steps', 'aria-label': '办理流程' }, steps.map((text, i) => {
      const cls = decided || i < current ? 'done' : i === current ? 'current' : 'todo';
      const last = decided && i === 3;
      return h('li', {
        class: `step ${cls}${last && status === 'refused' ? ' refused' : ''}`,
        'aria-current': i === current ? 'step' : null,
        text: last ? statusLabel(status) : text,
      });
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // View: 待办 (the department's work queue)
  // ---------------------------------------------------------------------------------------------

  /** Which kind of work queue a department has: civil affairs' dibao cases, finance's obligations, or referrals. */
  function queueKind(dept) {
    if (dept === 'civil-affairs') return 'civil';
    if (dept === 'finance') return 'finance';
    return 'referral';
  }

  async function viewQueue(ctx) {
    const status = ctx.route.query.get('status') || '';
    const dept = ctx.user.department;
    const kind = queueKind(dept);
    const subtitles = {
      civil: '本部门需要办理的低保案件，按受理时间排序；默认只显示尚未审批的案件。',
      referral: '平台分送本部门办理的救助事项，按登记时间排序。',
      finance: '各部门已承诺、由财政按月支付的救助资金。',
    };
    heading(ctx, `${departmentLabel(dept)}待办事项`, subtitles[kind]);
    const choices = QUEUE_FILTERS[kind];
    const select = h('select', { id: 'queue-status-filter', 'data-testid': 'queue-status-filter', name: 'status' },
      choices.map(([value, text]) => h('option', { value, text, selected: value === status })));
    if (status && !choices.some(([value]) => value === status)) {
      select.append(h('option', { value: status, text: statusLabel(status), selected: true }));
    }
    select.addEventListener('change', () => navigate(select.value ? `#/queue?status=${encodeURIComponent(select.value)}` : '#/queue'));
    const refresh = button('刷新', { class: 'btn btn-secondary', id: 'queue-refresh', 'data-testid': 'queue-refresh', onclick: () => { clearFlash(); render(); } });
    ctx.view.append(h('div', { class: 'toolbar' },
      h('label', { for: 'queue-status-filter', text: '状态筛选' }), select, refresh));
    const box = h('div', { id: 'queue-box' }, loading());
    ctx.view.append(box);

    // The server filters on one status at a time: civil affairs' default (the cases still in
    // procedure) reads one list per open status and merges them; "all" sends no status.
    let statuses;
    if (kind === 'civil') statuses = status === '' ? OPEN_STATUSES : status === 'all' ? [null] : [status];
    else statuses = [status || null];
    const streams = statuses.map((s) => ({ status: s, after: null, more: true }));
    const byId = new Map();
    const loadMore = async () => {
      const pages = await Promise.all(streams.filter((st) => st.more).map(async (st) => {
        const qs = new URLSearchParams();
        if (st.status) qs.set('status', st.status);
        if (st.after) qs.set('after', st.after);
        const page = await api('GET', `${API}/cases${qs.toString() ? `?${qs}` : ''}`);
        return [st, page];
      }));
      if (!ctx.live()) return;
      for (const [st, page] of pages) {
        for (const item of Array.isArray(page && page.cases) ? page.cases : []) byId.set(item.id, item);
        st.after = (page && page.nextAfter) || null;
        st.more = Boolean(st.after);
      }
      const all = [...byId.values()];
      if (streams.length > 1) {
        all.sort((a, b) => String(a.createdAt || '').localeCompare(String(b.createdAt || '')) || String(a.id).localeCompare(String(b.id)));
      }
      const today = (await getClock()).today;
      if (!ctx.live()) return;
      const more = streams.some((st) => st.more);
      const unit = kind === 'civil' ? '件' : '项';
      clear(box).append(h('p', { class: 'muted small', 'data-testid': 'queue-count', text: `共 ${all.length} ${unit}${more ? '（还有更多）' : ''}` }),
        kind === 'civil' ? civilQueue(all, today) : departmentQueue(all));
      if (more) {
        box.append(button('加载更多', {
          class: 'btn btn-secondary', id: 'queue-more', 'data-testid': 'queue-more',
          onclick: (ev) => { ev.currentTarget.disabled = true; loadMore().catch(showError); },
        }));
      }
    };
    const showError = (e) => {
      if (!ctx.live() || e.status === 401) return;
      clear(box).append(problemBox(e, '读取待办失败'));
    };
    await loadMore().catch(showError);
  }

  function civilQueue(cases, today) {
    const rows = cases.map((c) => {
      const overdue = c.dueDate && c.dueDate < today && (c.status !== 'approved' && c.status !== 'refused');
      return {
        class: overdue ? 'row-overdue' : null,
        cells: [
          h('a', { href: `#/cases/${encodeURIComponent(c.id)}`, class: 'case-link', 'data-testid': 'queue-case-link', 'data-case-id': c.id, text: c.householdName || shortId(c.householdId) }),
          c.householdSize == null ? '—' : `${c.householdSize} 人`,
          areaLabel(c.area),
          c.dibaoClass ? `${c.dibaoClass}类` : '—',
          money(c.monthlyAmountFen, 'month'),
          badge(c.status, c.statusLabel),
          c.dueDate ? h('span', null, c.dueDate, overdue ? h('span', { class: 'tag tag-warn', text: '已超期' }) : null) : '—',
          c.noticeEndsOn || '—',
          dateTime(c.createdAt),
        ],
      };
    });
    return table(null, ['户主', '人数', '行政区划', '分类', '月保障金额', '状态', '办理时限', '公示截止', '受理时间'], rows, '没有符合条件的案件');
  }

  function departmentQueue(items) {
    const rows = items.map((it) => [
      programLabel(it.program),
      it.memberName || '全户',
      Number(it.amountFen) === 0 && it.amountFen !== undefined ? '非现金' : money(it.amountFen, it.period),
      label(PERIODS, it.period),
      badge(it.status, it.statusLabel),
      h('span', { class: 'explanation', text: it.explanation || '—' }),
      clauses(it.clauses),
      h('span', { title: it.householdId || '', text: shortId(it.householdId) }),
      it.createdAt ? dateTime(it.createdAt) : '—',
    ]);
    return table(null, ['救助项目', '对象', '金额', '周期', '状态', '说明', '政策依据', '家庭', '登记时间'], rows, '没有符合条件的事项');
  }

  // ---------------------------------------------------------------------------------------------
  // View: one dibao case (civil affairs)
  // ---------------------------------------------------------------------------------------------

  async function viewCase(ctx) {
    const id = ctx.route.args[0];
    heading(ctx, '低保案件办理');
    // reads the case afresh (a review opened since, another clerk's step) without leaving the page
    const refresh = button('刷新', { class: 'btn btn-secondary', id: 'case-refresh', 'data-testid': 'case-refresh', onclick: () => { clearFlash(); render(); } });
    ctx.view.append(h('div', { class: 'toolbar' }, h('a', { href: '#/queue', class: 'btn btn-link', text: '← 返回待办' }), refresh));
    const box = h('div', { id: 'case-box' }, loading());
    ctx.view.append(box);
    if (!id) {
      clear(box).append(alertBox('error', '缺少案件编号。'));
      return;
    }
    const [caseResult, clockResult] = await Promise.allSettled([
      api('GET', `${API}/cases/${encodeURIComponent(id)}`),
      getClock(true),
    ]);
    if (!ctx.live()) return;
    if (caseResult.status === 'rejected') {
      const e = caseResult.reason;
      if (e.status !== 401) clear(box).append(problemBox(e, '读取案件失败'));
      return;
    }
    const c = caseResult.value;
    const clock = clockResult.status === 'fulfilled' ? clockResult.value : { today: localToday(), demo: null, offsetDays: 0 };

    // Member names for the supplement lines (the case keeps member ids only).
    let names = new Map();
    if (c.householdId) {
      try {
        const hh = await api('GET', `${API}/households/${encodeURIComponent(c.householdId)}`);
        names = memberNames((hh.household || {}).members);
      } catch (_e) { /* names are a convenience; ids are shown instead */ }
      if (!ctx.live()) return;
    }

    // caseReviews gives null when there is none: append() skips it (the DOM's own append would print it)
    append(clear(box), [caseFacts(c), caseReviews(ctx, c), casePanel(ctx, c, clock), caseEvaluation(c, names), caseHistory(c)]);
  }

  /**
   * The case's reviews (复核): why each was opened, and for an open one a note and a button to
   * resolve it. A review never changes the case by itself; the clerk decides, then resolves it.
   */
  function caseReviews(ctx, c) {
    const reviews = Array.isArray(c.reviews) ? c.reviews : [];
    if (!reviews.length) return null;
    const section = h('section', { class: 'card', id: 'case-reviews', 'data-testid': 'case-reviews' },
      h('h3', { class: 'card-title', text: `复核（待办 ${c.openReviews || 0} 项）` }));
    for (const r of reviews) {
      const item = h('div', { class: 'field', 'data-review': r.id },
        h('p', {}, h('strong', { text: r.reasonLabel || r.reason }), ` · ${dateTime(r.openedAt)} · ${r.openedBy}`,
          r.resolvedAt ? ` · 已办结（${r.resolvedBy}，${dateTime(r.resolvedAt)}）` : ' · 待处理'),
        h('ul', {}, ...r.reasons.map((s) => h('li', { text: maskIdsInText(s.split(' / ')[0]) }))),
        r.resolutionNote ? h('p', { class: 'small', text: `处理意见：${r.resolutionNote}` }) : null);
      if (!r.resolvedAt) {
        const note = h('textarea', { id: `review-note-${r.id}`, rows: '2', maxlength: '2000', 'aria-label': '复核处理意见' });
        const message = h('div', { 'aria-live': 'assertive' });
        const resolve = button('办结复核', { class: 'btn btn-primary', 'data-testid': `review-resolve-${r.id}` });
        resolve.addEventListener('click', async () => {
          clear(message);
          const text = note.value.trim();
          if (!text) {
            note.setAttribute('aria-invalid', 'true');
            message.append(alertBox('error', '办结复核须写明处理意见。'));
            note.focus();
            return;
          }
          resolve.disabled = true;
          try {
            await api('POST', `${API}/cases/${encodeURIComponent(c.id)}/transitions`, { body: { action: 'resolve_review', note: text, reviewId: r.id } });
            state.flash = { kind: 'success', text: '复核已办结。' };
            if (ctx.live()) render();
          } catch (err) {
            if (!ctx.live() || err.status === 401) return;
            clear(message).append(problemBox(err, '复核未能办结'));
            resolve.disabled = false;
          }
        });
        item.append(note, h('div', { class: 'actions' }, resolve), message);
      }
      section.append(item);
    }
    return section;
  }

  function caseFacts(c) {
    return card('案件信息',
      h('p', { class: 'overall' }, '当前状态：',
        h('span', { class: `badge badge-${c.status}`, id: 'case-status', 'data-testid': 'case-status', 'data-status': c.status, text: statusText(c.status, c.statusLabel) })),
      procedureSteps(c.status),
      facts([
        ['案件编号', c.id],
        ['户主', c.householdName],
        ['家庭人口', c.householdSize == null ? null : `${c.householdSize} 人`],
        ['行政区划', areaLabel(c.area)],
        ['户籍类型', c.hukou ? label(HUKOU, c.hukou) : undefined],
        ['分类施保', c.dibaoClass ? label(DIBAO_CLASSES, c.dibaoClass) : '—'],
        ['月保障金额', money(c.monthlyAmountFen, 'month')],
        ['受理时间', dateTime(c.createdAt)],
        ['办理时限', c.dueDate || '—'],
        ['公示期', c.noticeStartsOn ? `${c.noticeStartsOn} 至 ${c.noticeEndsOn || '—'}` : '未公示'],
        ['审批日期', c.decidedOn === undefined ? undefined : c.decidedOn || '—'],
        ['发放起始月份', c.paymentFromMonth || '—'],
        ['所属申请', c.applicationId ? h('a', { href: `#/applications/${encodeURIComponent(c.applicationId)}`, text: shortId(c.applicationId), title: c.applicationId }) : null],
        ['家庭信息', c.householdId ? h('a', { href: `#/intake/${encodeURIComponent(c.householdId)}`, text: '查看家庭' }) : null],
      ]));
  }

  /** The transition buttons allowed in this status, the note field, and the demo clock. */
  function casePanel(ctx, c, clock) {
    const allowed = Object.keys(ACTIONS).filter((a) => ACTIONS[a].from.includes(c.status));
    const panel = h('section', { class: 'card card-actions' }, h('h3', { class: 'card-title', text: '办理操作' }));
    const message = h('div', { id: 'case-message', 'aria-live': 'assertive' });

    if (c.status === 'under_notice') {
      const ended = c.noticeEndsOn && clock.today > c.noticeEndsOn;
      panel.append(alertBox(ended ? 'success' : 'info',
        ended ? `公示期已于 ${c.noticeEndsOn} 届满，可作出审批决定。`
          : `公示期至 ${c.noticeEndsOn || '—'}（7天），期满后方可批准。当前办理日期 ${clock.today}。`));
    }

    if (!allowed.length) {
      panel.append(alertBox('info', '案件已办结，无可执行的操作。'));
    } else {
      const note = h('textarea', { id: 'case-note', 'data-testid': 'case-note', name: 'note', rows: '3', maxlength: '1000', 'aria-describedby': 'case-note-hint' });
      panel.append(h('div', { class: 'field' },
        h('label', { for: 'case-note', text: '办理意见' }), note,
        h('p', { class: 'hint', id: 'case-note-hint', text: '选择“不予批准”时必须填写理由，理由将书面告知申请人。' })));
      const buttons = allowed.map((action) => button(ACTIONS[action].label, {
        class: `btn ${ACTIONS[action].kind === 'danger' ? 'btn-danger' : 'btn-primary'}`,
        id: `case-action-${action}`,
        'data-testid': `case-action-${action}`,
        'data-action': action,
      }));
      const setBusy = (busy) => buttons.forEach((b) => { b.disabled = busy; });
      buttons.forEach((b) => b.addEventListener('click', async () => {
        const action = b.dataset.action;
        clear(message);
        clearFlash();
        note.removeAttribute('aria-invalid');
        const text = note.value.trim();
        if (action === 'refuse' && !text) {
          note.setAttribute('aria-invalid', 'true');
          message.append(alertBox('error', '不予批准必须填写理由。'));
          note.focus();
          return;
        }
        setBusy(true);
        message.append(loading('正在提交…'));
        try {
          await api('POST', `${API}/cases/${encodeURIComponent(c.id)}/transitions`, { body: { action, note: text } });
          state.flash = { kind: 'success', text: `已完成操作：${ACTIONS[action].label}。` };
          if (ctx.live()) render();
        } catch (e) {
          if (!ctx.live() || e.status === 401) return;
          clearFlash();
          clear(message).append(problemBox(e, '操作未完成'));
          setBusy(false);
        }
      }));
      panel.append(h('div', { class: 'actions' }, buttons), message);
    }

    // Demo mode only: let the 7-day notice run out without waiting a week.
    if (c.status === 'under_notice' && clock.demo !== false) {
      const clockText = h('p', { class: 'small', text: `演示时钟：当前日期 ${clock.today}${clock.offsetDays ? `（已前进 ${clock.offsetDays} 天）` : ''}` });
      const advance = button('演示：时钟前进7天', { class: 'btn btn-demo', id: 'demo-advance-clock', 'data-testid': 'demo-advance-clock' });
      const clockMessage = h('div', { 'aria-live': 'polite' });
      advance.addEventListener('click', async () => {
        advance.disabled = true;
        clear(clockMessage);
        clearFlash();
        try {
          const moved = await api('POST', `${API}/demo/clock`, { body: { days: 7 } });
          state.clock = moved && moved.today ? { today: moved.today, offsetDays: moved.offsetDays || 0, demo: moved.demo !== false } : null;
          const now = await getClock(!state.clock);
          state.flash = { kind: 'info', text: `演示时钟已前进7天，当前日期 ${now.today}。` };
          if (ctx.live()) render();
        } catch (e) {
          if (!ctx.live() || e.status === 401) return;
          clearFlash();
          clockMessage.append(problemBox(e, '调整演示时钟失败'));
          advance.disabled = false;
        }
      });
      panel.append(h('div', { class: 'demo-box' },
        h('p', { class: 'demo-title', text: '演示功能' }), clockText, advance, clockMessage));
    }
    return panel;
  }

  /** A step's value in its unit: fen → yuan with 2 decimals, rate → percent, m2 → 平方米, … */
  function stepValue(step) {
    const v = step.value;
    if (v == null || v === '') return '—';
    switch (step.unit) {
      case 'fen': return money(v);
      case 'yuan': return typeof v === 'number' ? `${twoDecimals(v) || v} 元` : `${v} 元`;
      case 'persons': return `${v} 人`;
      case 'rate': return typeof v === 'number' ? percent(v) : String(v);
      case 'years': return `${v} 年`;
      case 'months': return `${v} 个月`;
      case 'm2': return typeof v === 'number' ? `${v} 平方米` : String(v);
      case 'vehicles': return `${v} 辆`;
      case 'residences': return `${v} 套`;
      case 'bool': return v === true || v === 'true' ? '是' : v === false || v === 'false' ? '否' : String(v);
      case 'class': return /^[ABC]$/.test(String(v)) ? `${v}类` : String(v);
      default: return typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
    }
  }

  /**
   * A step of the evaluation as the clerk reads it: `{label, note}` in Chinese. The rules give each
   * step a machine `label` (`standard`, `supplement`, …), its Chinese caption `labelZh` and, for a
   * member's step, `memberId`; cases evaluated by older rules carry "中文 English" labels and
   * "增发补助金 supplement <memberId> (<basis>, <rate>)". The Chinese caption is shown, any member
   * id in it replaced by the member's name; a step's own `explanation`, when given, is the note.
   */
  function stepText(step, names) {
    const raw = String(step.label || '');
    const hasChinese = (x) => typeof x === 'string' && /[\u3400-\u9fff]/.test(x);
    const note = hasChinese(step.explanation) ? withNames(step.explanation, names) : null;
    if (hasChinese(step.labelZh)) return { label: withNames(step.labelZh, names), note };
    const old = /supplement\s+(\S+)\s*\(([^,()]+),\s*([0-9.]+)\)/.exec(raw);
    if (old) {
      const [, memberId, basis, rate] = old;
      return { label: `增发补助金：${memberName(names, memberId)}（${label(SUPPLEMENT_BASES, basis)}，${percent(Number(rate))}）`, note };
    }
    if (STEP_LABELS[raw]) {
      return { label: `${STEP_LABELS[raw]}${step.memberId ? `：${memberName(names, step.memberId)}` : ''}`, note };
    }
    return { label: withNames(chinesePart(raw), names) || '—', note };
  }

  function parameterText(step) {
    if (!step.parameter) return '—';
    const name = PARAMETERS[step.parameter] || step.parameter;
    return h('span', { title: step.parameter, text: `${name}${step.effectiveFrom ? `（${step.effectiveFrom}起施行）` : ''}` });
  }

  function caseEvaluation(c, names) {
    let ev = c.evaluation;
    if (typeof ev === 'string') {
      try { ev = JSON.parse(ev); } catch (_e) { ev = null; }
    }
    if (!ev && typeof c.evaluationJson === 'string') {
      try { ev = JSON.parse(c.evaluationJson); } catch (_e) { ev = null; }
    }
    if (!ev || typeof ev !== 'object') return card('评估结论与政策依据', alertBox('info', '暂无评估结果。'));
    const steps = Array.isArray(ev.steps) ? ev.steps : [];
    const supplements = Array.isArray(ev.supplements) ? ev.supplements : [];
    const reasons = Array.isArray(ev.reasons) ? ev.reasons : [];
    const amounts = [
      ['低保标准', ev.standardFen == null ? undefined : money(ev.standardFen, 'month')],
      ['计入人口', ev.householdSize == null ? undefined : `${ev.householdSize} 人`],
      ['家庭月收入', ev.totalIncomeFen == null ? undefined : money(ev.totalIncomeFen)],
      ['人均月收入', ev.perCapitaIncomeFen === undefined ? undefined : money(ev.perCapitaIncomeFen)],
      ['补差金额', ev.topUpFen === undefined ? undefined : money(ev.topUpFen, 'month')],
      ['每月合计', ev.totalMonthlyFen === undefined ? undefined : money(ev.totalMonthlyFen, 'month')],
    ];
    return card('评估结论与政策依据',
      ev.status ? h('p', null, '评估结论：', h('strong', { text: label(EVALUATION_STATUSES, ev.status) }),
        ev.dibaoClass ? h('span', { class: 'muted', text: `（${label(DIBAO_CLASSES, ev.dibaoClass)}）` }) : null) : null,
      h('p', { class: 'explanation-block', 'data-testid': 'case-explanation', text: ev.explanation ? withNames(ev.explanation, names) : '—' }),
      amounts.some(([, v]) => v !== undefined) ? facts(amounts) : null,
      h('p', null, '政策依据：', clauses(ev.clauses)),
      reasons.length ? h('div', { class: 'alert alert-warn', role: 'status' },
        h('p', { class: 'alert-title', text: '不符合条件或需复核的原因' }),
        h('ul', null, reasons.map((r) => h('li', { text: withNames(chinesePart(typeof r === 'string' ? r : r.message || r.code), names) })))) : null,
      steps.length ? table('测算过程', ['项目', '数值', '参数（生效日期）', '依据'], steps.map((s) => {
        const text = stepText(s, names);
        return [
          h('span', null, text.label, text.note ? h('span', { class: 'step-note', text: text.note }) : null),
          stepValue(s), parameterText(s), clauses(s.clause),
        ];
      })) : null,
      supplements.length ? table('增发补助', ['成员', '增发依据', '比例', '金额', '说明', '依据'], supplements.map((s) => [
        memberName(names, s.memberId),
        label(SUPPLEMENT_BASES, s.basis),
        percent(s.rate),
        money(s.amountFen, 'month'),
        h('span', { class: 'explanation', text: s.explanation ? withNames(s.explanation, names) : '—' }),
        clauses(s.clauses),
      ])) : null);
  }

  function caseHistory(c) {
    const history = Array.isArray(c.history) ? c.history : [];
    const rows = history.map((x) => [
      dateTime(x.at),
      x.by,
      (ACTIONS[x.action] && ACTIONS[x.action].label) || label(HISTORY_ACTIONS, x.action),
      x.fromStatus ? `${statusLabel(x.fromStatus)} → ${statusLabel(x.toStatus)}` : statusLabel(x.toStatus),
      x.note ? maskIdsInText(x.note) : '—',
    ]);
    return card('办理记录', table(null, ['时间', '办理人', '操作', '状态变化', '意见'], rows, '暂无办理记录'));
  }

  // ---------------------------------------------------------------------------------------------
  // View: 财政 (finance obligations of a month)
  // ---------------------------------------------------------------------------------------------

  async function viewFinance(ctx) {
    heading(ctx, '财政 · 救助资金应付情况', '各部门已承诺的救助资金，按部门、项目和行政区划汇总。');
    let month = ctx.route.query.get('month') || '';
    if (!/^\d{4}-\d{2}$/.test(month)) month = (await getClock()).today.slice(0, 7);
    if (!ctx.live()) return;
    const input = h('input', { id: 'finance-month', 'data-testid': 'finance-month', type: 'month', name: 'month', value: month, required: true });
    const form = h('form', { class: 'form toolbar', novalidate: true },
      h('label', { for: 'finance-month', text: '月份' }), input,
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'finance-submit', 'data-testid': 'finance-submit' }, '查询'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (/^\d{4}-\d{2}$/.test(input.value)) navigate(`#/finance?month=${encodeURIComponent(input.value)}`);
    });
    const box = h('div', { id: 'finance-box' }, loading());
    ctx.view.append(form, box);

    const data = await loadForView(ctx, box, '读取资金应付情况失败', () => api('GET', `${API}/finance/obligations?month=${encodeURIComponent(month)}`));
    if (data === NOT_LOADED) return;
    const totals = Array.isArray(data.totals) ? data.totals : [];
    const obligations = Array.isArray(data.obligations) ? data.obligations : [];
    const households = totals.reduce((n, t) => n + (Number(t.households) || 0), 0);
    const MAX_ROWS = 500;

    clear(box).append(
      h('div', { class: 'summary' },
        h('div', { class: 'summary-item ok' }, h('span', { class: 'summary-label', text: `${month} 应付合计` }),
          h('strong', { 'data-testid': 'finance-total', text: money(data.totalFen) })),
        h('div', { class: 'summary-item' }, h('span', { class: 'summary-label', text: '涉及户次' }), h('strong', { text: `${households} 户次` })),
        h('div', { class: 'summary-item' }, h('span', { class: 'summary-label', text: '明细条数' }), h('strong', { text: `${obligations.length} 条` }))),
      card('按部门、项目和行政区划汇总',
        table(null, ['部门', '救助项目', '行政区划', '户数', '金额（元）'], totals.map((t) => [
          departmentLabel(t.department), programLabel(t.program), areaLabel(t.area), String(t.households ?? '—'), yuan(t.amountFen),
        ]).concat(totals.length ? [{ class: 'row-total', cells: ['合计', ' ', ' ', String(households), yuan(data.totalFen)] }] : []), '本月无应付资金')),
      h('details', { class: 'card card-details' },
        h('summary', { text: `应付明细（${obligations.length} 条${obligations.length > MAX_ROWS ? `，显示前 ${MAX_ROWS} 条` : ''}）` }),
        table(null, ['部门', '救助项目', '家庭', '行政区划', '月金额（元）', '起始月份', '终止月份', '状态'], obligations.slice(0, MAX_ROWS).map((o) => {
          // As the work queue names them: an obligation with an end month has been terminated.
          const status = o.status || (o.untilMonth ? 'ended' : 'active');
          return [
            departmentLabel(o.department), programLabel(o.program), h('span', { title: o.householdId || '', text: shortId(o.householdId) }),
            areaLabel(o.area), yuan(o.monthlyAmountFen), o.fromMonth || '—', o.untilMonth || '—', badge(status),
          ];
        }), '无明细')));
  }

  // ---------------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------------

  function start() {
    document.getElementById('logout').addEventListener('click', () => {
      signOut();
      state.flash = { kind: 'info', text: '已退出登录。' };
      navigate('#/login');
    });
    document.getElementById('skip-link').addEventListener('click', (event) => {
      event.preventDefault();
      const title = document.querySelector('.view-title') || document.getElementById('main');
      title.focus();
    });
    listenForNavigation();
    if (!location.hash || location.hash === '#' || location.hash === '#/') {
      // replaceState does not fire hashchange: render once, below.
      history.replaceState(null, '', homeFor(currentUser()));
    }
    render();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
