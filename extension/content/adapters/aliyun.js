// The Alibaba Mail adapter (qiye.aliyun.com for Alibaba Cloud enterprise mail, mail.aliyun.com).
//
// No public source describes Alibaba Mail's compose DOM, so this adapter is the generic
// heuristics (see generic.js: visible contenteditable areas, editor iframes, subject fields
// named or labelled "subject"/"主题", address chips and fields) bound to Alibaba's hosts, so that
// it runs without the user switching the site on. Every selector here is [unverified]; replace
// the delegation with real selectors once someone captures the compose window of a live account.
'use strict';

(() => {
  const MH = globalThis.mailhint;
  if (!MH) return;

  const HOSTS = /^(qiye\.aliyun\.com|mail\.aliyun\.com)$/;
  // The kit lives in generic.js, which loads after this file; it is read when a method runs.
  const kit = () => MH.adapterKit;

  MH.registerAdapter({
    id: 'aliyun',
    matches: (location) => HOSTS.test(location.hostname),
    findComposes: (document) => kit().findEditors(document),
    read: (root) => kit().genericRead(root),
    body: (root) => kit().editorBody(root),
    subject: (root) => kit().findSubject(kit().composeContainer(root)),
    recipients: (root) => kit().genericRecipients(kit().composeContainer(root)),
    anchor: (root) => root,
  });
})();
