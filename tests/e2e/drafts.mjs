// The drafts the end-to-end tests type, shared by the Chromium and Firefox runs, so that both
// browsers are held to the same words.

/** A first-contact draft with the usual mistakes (S01 S03 B01 B02 L01). */
export const SPAM = {
  to: 'buyer@acme.example',
  subject: 'HOT SALE!!! BEST PRICE',
  lines: ['Dear Sir/Madam,', 'We are a leading manufacturer of LED lights in China. See https://bit.ly/3abc for our prices.', 'Best regards,', 'Lily'],
};

/** The same sender writing well. */
export const CLEAN = {
  subject: 'Quotation for IP65 LED high-bays',
  lines: [
    'Hi Maria,',
    'Thank you for your enquiry of 12 November. As promised, I attach our catalogue with the IP65 high-bays you asked about; the 150 W model fits your warehouse best.',
    'Could we have a short call on Thursday to go through the quantities?',
    'Best regards,',
    'Lily Chen',
    'X Lighting Co., Ltd.',
  ],
};

/** The mailbox tests/e2e/roundcube/start.sh sets up (Dovecot's passwd file). */
export const ROUNDCUBE_LOGIN = { user: 'tester@example.test', password: 'secret' };

/** Roundcube's compose page (1.6, elastic skin): what the tests click and type into. */
export const ROUNDCUBE = {
  loginUser: '#rcmloginuser',
  loginPass: '#rcmloginpwd',
  loginSubmit: '#rcmloginsubmit',
  toInput: '#compose_to ul.recipient-input li.input input',
  toChips: '#compose_to ul.recipient-input li.recipient',
  subject: 'input#compose-subject[name="_subject"]',
  plainBody: 'textarea#composebody[name="_message"]',
  toHtml: '#composebodycontainer .editor-toolbar a.mce-i-html',
  isHtml: 'input[name="_is_html"]',
  frame: 'iframe#composebody_ifr',
  tinyBody: 'body#tinymce[data-id="composebody"]',
  upload: 'input#uploadformInput[type=file]',
  attachment: 'ul#attachment-list > li',
};

/** A spammy Roundcube draft, in plain-text and HTML mode. */
export const ROUNDCUBE_SPAM = {
  subject: 'FREE OFFER!!! BEST PRICE',
  recipients: ['Bob Buyer <bob@example.org>', 'x@y.org'],
  plain: 'Dear Sir/Madam,\n\nWe are a leading manufacturer of LED lights in China. Click https://bit.ly/abc now!\n\nBest regards\nTester',
  html: ['Hello Bob,', 'Our lights are 100% guaranteed and risk-free. Act now, this is your last chance!', 'Tester'],
};

/**
 * The compose fixture of each webmail but Gmail (tests/e2e/sites/<folder>), by host and path, at
 * the URL the real webmail uses; their stylesheets are under `/sites/`.
 */
export const COMPOSE_PAGES = {
  'outlook.office.com': { '/mail/': 'outlook/index.html' },
  'mail.163.com': { '/js6/main.jsp': 'netease/index.html' },
  'mail.qq.com': { '/': 'qq/index.html' },
  'exmail.qq.com': { '/': 'qq/exmail.html', '/cgi-bin/readtemplate': 'qq/exmail-compose.html' },
  'qiye.aliyun.com': { '/': 'aliyun/index.html' },
  'webmail.example.org': { '/': 'generic/index.html' },
};

/**
 * The extension-level scenario of each site: where to type, how many compose windows the page
 * shows, and the selector path of the editor (frames first) for the innerHTML check. (adapters.test.mjs,
 * privacy.test.mjs; Gmail's compose has its own helpers in gmail.test.mjs.)
 */
export const COMPOSE_SCENARIOS = [
  { site: 'outlook', url: 'https://outlook.office.com/mail/', composes: 2, frames: [], editor: '#editorParent_1 [role=textbox]', subject: 'input[maxlength="255"]' },
  { site: 'netease', url: 'https://mail.163.com/js6/main.jsp', composes: 1, frames: ['[id$="ComposeModule_0"] iframe.APP-editor-iframe'], editor: 'body', subject: '[id$="ComposeModule_0"] input.nui-ipt-input' },
  { site: 'qq', url: 'https://mail.qq.com/', composes: 1, frames: [], editor: '.mail-content-editor-inner', subject: 'input.subject-input' },
  { site: 'exmail', url: 'https://exmail.qq.com/', composes: 1, frames: ['iframe[name=mainFrame]', 'iframe.qmEditorIfrmEditArea'], editor: 'body', subject: ['iframe[name=mainFrame]', '#subject'] },
  { site: 'aliyun', url: 'https://qiye.aliyun.com/', composes: 1, frames: ['iframe.editor'], editor: 'body', subject: 'input.subject' },
  // A site the user switched on from the popup (the tests load a copy of dist whose content
  // scripts also match it).
  { site: 'generic', url: 'https://webmail.example.org/', composes: 2, frames: [], editor: '#rich .editor', subject: '#rich input', typo: false },
];
