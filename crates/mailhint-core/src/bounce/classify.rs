//! The reason classifier: diagnostic wording first, then the RFC 3463 status code, then the
//! SMTP reply code.
//!
//! Wording comes first because the code is often generic (`5.0.0`, `5.7.1`, `550` alone) while
//! the text says what happened ("mailbox full" under `5.1.1` is a full mailbox). The patterns
//! are hand-written from the wording MTAs and providers document or print: Postfix, Sendmail,
//! Exim, qmail, Exchange/Microsoft 365 (`RESOLVER.ADR.*`, NDR codes), Gmail's published SMTP
//! error list, Yahoo's and AOL's postmaster pages, Chinese providers' help pages (see
//! `CHINESE`). They are matched on lower-cased text with whitespace collapsed, so line folding
//! in a bounce does not matter.

use std::sync::LazyLock;

use super::reason::Reason;

/// Wording per reason, in the order they are tried: the narrower reasons (authentication,
/// reverse DNS, reputation, full mailbox) before the broad ones (user unknown, blocked,
/// policy), so that "550 5.7.1 … SPF check failed" is an authentication failure and not a
/// generic block.
///
/// (Tried as one `RegexSet` instead, the union's lazy DFA was a tenth faster once warm but its
/// states took 120 ms to build over the corpus's first pass: the CLI reads each file once. In
/// runs of eight consecutive patterns, each a set, it was a third slower: a set searches the
/// whole text for every member, where `is_match` stops at the first match.)
static WORDING: LazyLock<Wording> = LazyLock::new(|| Wording::new(WORDING_TABLE));

const WORDING_TABLE: &[(Reason, &str)] = {
    let table: &[(Reason, &str)] = &[
        // Chinese providers' own codes first: they are exact and say more than the words
        // around them. See `CHINESE_SPAM` below for where each comes from.
        (Reason::SpamDetected, CHINESE_SPAM),
        (Reason::AuthFailure, r"\bmi:(?:spf|dma)\b"),
        (Reason::NotCompliantRfc, r"\bmi:imf\b|\bdt:sum\b"),
        (Reason::TooManyConn, r"\bhl:icc\b"),
        (
            Reason::Speeding,
            r"\bhl:ifc\b|\bmi:(?:sfq|cel|dmc)\b|\brp:(?:rct|drc|cel|qrc|tru)\b|domain\ frequency\ limited",
        ),
        (Reason::Blocked, r"\bhl:(?:ihu|ipb|mep)\b|\bmi:nhd\b"),
        (Reason::Suspend, r"\buser\ suspended\b|账号已被冻结|帐号已被冻结"),
        // RFC 7372 codes, SPF/DKIM/DMARC wording (Gmail's "unauthenticated email … 5.7.26",
        // Microsoft's 5.7.509/5.7.515 "does not pass DMARC"/"authentication requirements").
        (
            Reason::AuthFailure,
            r"(?x)
            \b5\.7\.(?:2[0-46]|509|515)\b
            | \bdmarc\b.{0,60}\b(?:fail|policy|reject|not\ pass|does\ not\ pass)
            | (?:does\ not|didn't|did\ not|doesn't)\ pass\ dmarc
            | \bspf\b.{0,40}\b(?:fail|check\ fail|softfail|not\ designated|validation)
            | not\ designated\ to\ permit | not\ permitted\ by\ (?:the\ )?spf
            | is\ not\ allowed\ to\ send\ mail\ from | is\ not\ allowed\ to\ send\ from\ <\S+>\ per
            | unauthenticated\ (?:email|mail|message) | does\ not\ have\ authentication\ information | fails\ to\ pass\ authentication
            | \bdkim\b.{0,40}\b(?:fail|invalid|no\ valid|not\ valid|signature\ (?:required|missing))
            | sender\ (?:authentication|verification)\ (?:failed|check) | authentication\ (?:checks?|requirements)\ (?:failed|not\ met)
            | sender\ policy\ framework | \bspf\ (?:records?|check)\b | inspect\ your\ spf
            | 被退回.{0,10}spf | spf\ ?(?:验证|校验)失败 ",
        ),
        // RFC 7601 / provider wording for a missing or mismatched PTR (Yahoo "cannot find your
        // hostname", Mail.ru "generic DNS PTR", RFC 3463bis 5.7.25).
        (
            Reason::RequirePtr,
            r"(?x)
            \b[45]\.7\.25\b
            | reverse\ (?:dns|lookup|mapping|hostname|resolution)\b | \brdns\b | \bptr\b
            | cannot\ find\ your\ hostname | can't\ find\ your\ hostname | cannot\ resolve\ your\ (?:address|hostname)
            | (?:ip\ name|client\ hostname)\ (?:lookup|possibly\ forged)
            | (?:no|without\ a)\ (?:valid\ )?(?:reverse|hostname) | unresolvable\ (?:relay\ )?host\ ?name
            | host\ name\ (?:lookup\ )?(?:failed|mismatch)|hostname\ does\ not\ resolve|does\ not\ resolve\ to\ your\ ip
            | mismatches\ client\ ip | generic\ (?:dns|ptr|reverse)| dynamic\ (?:ip|ptr)|dynamic/zombied|hosts\ with\ dynamic\ ip ",
        ),
        // Gmail's 421-4.7.28/550-5.7.1 "unusual rate of unsolicited mail … IP reputation",
        // Microsoft's 4.7.650/5.7.750 "IP reputation", Yahoo's TSS04 "complaints".
        (
            Reason::BadReputation,
            r"(?x)
            \breputation\b | \b[45]\.7\.(?:650|750)\b | unusual\ rate\ of\ unsolicited | \btss0[49]\b
            | (?:user|sender)\ complaints | low\ (?:ip\ )?score ",
        ),
        (
            Reason::MailboxFull,
            r"(?x)
            \bquota\b | mailbox\ (?:is\ )?full | mail\ ?box\ (?:has\ )?exceeded | full\ mailbox | mailfolder\ is\ full
            | (?:disk|storage|space)\ (?:limit|allocation|quota)|over\ (?:the\ )?(?:allowed\ )?(?:quota|limit)\b
            | mailbox\ exceeds\ (?:the\ )?allowed\ size | not\ enough\ (?:storage|space|disk) | (?:does\ not|doesn't)\ have\ enough\ space
            | boite\ du\ destinataire\ pleine | mailbox\ size\ limit
            | too\ much\ mail\ data | too\ many\ messages\ (?:on\ the\ server|in\ (?:this|the)\ mailbox)
            | space\ (?:has\ been|is)\ used\ up | user'?s?\ (?:mailbox\ )?space\ has\ been\ used\ up
            | 邮箱(?:空间)?已满 | 邮箱容量 | 空间不足 | 超过.{0,6}(?:容量|配额) ",
        ),
        (
            Reason::MesgTooBig,
            r"(?x)
            message\ (?:is\ )?too\ (?:big|large) | (?:message|mail)\ size\ exceeds | exceeds?\ (?:the\ )?(?:maximum\ )?(?:message\ )?size
            | size\ (?:limit\ )?exceeded | message\ (?:length|size)\ (?:exceeds|is\ over|limit)
            | (?:email|message|mail)\ (?:is\ )?larger\ than | exceeded\ the\ maximum\ (?:message\ )?size
            | \b5\.3\.4\b | 邮件(?:大小|尺寸)?(?:过大|超过|超出)
            | exceeded\ (?:the\ )?maximum\ (?:inbound|incoming)\ message\ size | line\ limit\ exceeded | max\ message\ size\ exceeded
            | message\ file\ too\ big | message\ header\ size\ exceeds\ limit | taille\ limite\ du\ message\ atteinte ",
        ),
        (
            Reason::ExceedLimit,
            r"(?x)
            exceeds?\ (?:the\ )?(?:recipient'?s?\ )?(?:administrative\ )?limit | recipsizelimit | too\ large\ for\ this\ recipient | limit\ set\ by\ (?:the\ )?recipient | \b[45]\.2\.3\b ",
        ),
        (
            Reason::Speeding,
            r"(?x)
            rate\ ?limit(?:ed|ing)?\b | too\ many\ recipients\ this\ hour | sending\ rate | too\ fast | (?:receiving|sending)\ mail\ at\ a\ rate
            | \b[45]\.7\.0\b.{0,40}temporarily\ rate | message\ rate | hourly\ (?:sending\ )?limit
            | 发送频率 | 发信频率 | 发送过于频繁 ",
        ),
        (
            Reason::Suspend,
            r"(?x)
            (?:account|mailbox|address|user)\ (?:has\ been\ |is\ |was\ )?(?:disabled|suspended|deactivated|inactive|frozen|locked|blocked\ by\ the\ administrator|closed|expired|terminated)
            | (?:disabled|suspended|inactive|deactivated|expired)\ (?:account|mailbox|user)
            | \b5\.2\.1\b.{0,30}(?:disabled|inactive) | not\ active\b | is\ inactive | no\ longer\ active
            | temporarily\ (?:disabled|unavailable\ due\ to\ inactivity) | (?:mailbox|account)\ unavailable\ due\ to
            | extended\ inactivity | \bis\ disabled\b | temporar(?:y|ily)\ locked | (?:account|compte)\ (?:du\ destinataire\ )?(?:is\ |est\ )?bloqu | \b5\.7\.13\b | account\ (?:has\ been\ )?locked
            | 帐号已(?:被)?(?:冻结|停用|禁用) | 账号已(?:被)?(?:冻结|停用|禁用) | (?:帐户|账户|邮箱)(?:已)?被?(?:冻结|停用|禁用) ",
        ),
        (
            Reason::HasMoved,
            r"(?x)
            \bhas\ moved\b | (?:address|mailbox)\ (?:has\ )?changed | no\ longer\ (?:with|at|works?\ (?:for|at))\b | \b5\.1\.6\b
            | please\ (?:update|change)\ (?:your\ )?(?:records|address\ book) | new\ (?:e-?mail\ )?address\ is ",
        ),
        (
            Reason::NoRelaying,
            r"(?x)
            relay(?:ing)?\ (?:access\ )?(?:denied|not\ (?:permitted|allowed|authori[sz]ed)|prohibited|refused)
            | (?:unable|not\ permitted|not\ allowed|not\ authori[sz]ed|cannot|can't)\ to\ relay | we\ do\ not\ relay
            | relay(?:ing)?\ (?:is\ )?(?:denied|prohibited|not\ allowed) | no\ relaying | relaying\ mail\ to\ \S+\ is\ not\ allowed
            | isn'?t\ in\ my\ list\ of\ allowed\ rcpthosts | not\ (?:a\ )?(?:gateway|mail\ exchanger)\ for
            | open\ relay | insecure\ mail\ relay | not\ configured\ to\ relay | identities\ failed\ the\ check | \bnon-?local\ recipient | 不允许转发 | 禁止转发 ",
        ),
        // Sendmail's "Remote protocol error": the remote refused the session itself (its
        // greeting or HELO reply), whatever it said after, "Host unknown" included.
        (Reason::Blocked, r"remote\ protocol\ error"),
        // A domain that exists but names no host to deliver to: Sisimai's `notaccept` ("no MX",
        // null MX). qmail-remote prints "Sorry, I couldn't find a mail exchanger or IP address"
        // when the MX/A lookup succeeds but gives no usable host (a domain that does not exist
        // is its other message, "Sorry, I couldn't find any host named …"); OpenSMTPD's
        // MTA reports "No MX found for domain". Before the host-unknown wording and its 5.4.4.
        (
            Reason::NotAccept,
            r"couldn'?t\ find\ a\ mail\ exchanger\ or\ ip\ address|could\ not\ find\ a\ mail\ exchanger|\bno\ mx\ found\b",
        ),
        // "Domain does not exist" must not read as "does not exist" (a user): the domain
        // wordings that cannot be about a mailbox come before the user-unknown ones.
        (
            Reason::HostUnknown,
            r"(?x)
            (?:recipient\ )?domain\ (?:name\ )?(?:does\ not\ exist|doesn'?t\ exist|not\ found|is\ unknown) | no\ such\ domain
            | host\ or\ domain\ name\ not\ found | unrouteable\ mail\ domain | \bnxdomain\b ",
        ),
        (
            Reason::Rejected,
            r"(?x)
            sender\ (?:address\ )?(?:rejected|refused|denied|verify\ failed|verification\ failed|is\ blacklisted|domain\ (?:is\ empty|must\ exist|not\ found|does\ not\ exist))
            | (?:invalid|bad|unknown|unverified|unroutable)\ sender | sender\ address\ (?:has\ been\ blacklisted|does\ not\ exist)
            | (?:domain\ of\ sender|sender'?s?\ domain)\ (?:address\ )?(?:does\ not\ (?:exist|resolve)|has\ no|not\ found|unknown)
            | mail\ from\ (?:not\ owned|rejected|address\ rejected) | from:\ domain\ is\ invalid | null\ sender | empty\ envelope\ sender
            | (?:address|sender)\ (?:is\ )?not\ verified | email\ address\ is\ not\ verified | \b[45]\.1\.[78]\b
            | \bbatv\b | administrative\ prohibition | not\ (?:a\ )?registered\ (?:gateway\ )?user | envelope\ sender\ (?:refused|rejected)
            | rejected\ (?:by|due\ to)\ (?:the\ )?sender | sender\ is\ (?:in\ my\ black\ list|spammer) | bogus\ mail\ from
            | unroutable\ sender\ address | your\ (?:access|address)\ (?:to\ submit|has\ been\ (?:rejected|blacklisted))
            | sender\ was\ rejected | purported\ responsible\ address | sending\ to/from\ an\ address\ that\ has\ been\ blacklisted
            | the\ group\ you\ tried\ to\ contact | (?:you|sender)\ (?:may\ )?(?:do(?:es)?\ )?not\ have\ permission\ to\ post
            | recipient\ addresses\ rejected\ :\ access\ denied | sending\ this\ from\ a\ different\ address\ or\ alias\ using\ the
            | access\ denied\ \((?:in\ reply\ to\ mail\ from\ command|sender\ blacklisted)\) | sender\ not\ pre-approved
            | because\ the\ sender\ isn't\ on\ the\ recipient's\ list\ of\ senders\ to\ accept\ mail\ from
            | connections\ not\ accepted\ from\ servers\ without\ a\ valid\ sender\ domain | denied\ \[bouncedeny\]
            | delivery\ not\ authorized,\ message\ refused | email\ address\ is\ on\ senderfilterconfig\ list | emetteur\ invalide
            | empty\ envelope\ senders\ not\ allowed | envelope\ blocked\ -\  | error:\ no\ third-party\ dsns | fully\ qualified\ email\ address\ required
            | returned\ mail\ not\ accepted\ here | sender\ email\ address\ rejected | syntax\ error:\ empty\ email\ address
            | this\ server\ does\ not\ accept\ mail\ from | transaction\ failed\ unsigned\ dsn\ for | you\ are\ not\ allowed\ to\ post\ to\ this\ mailing\ list
            | your\ email\ address\ has\ been\ blacklisted | backscatter\ protection\ detected\ an\ invalid\ or\ expired\ email\ address
            | 发件人(?:地址)?(?:被拒|无效|不存在) ",
        ),
        (
            Reason::UserUnknown,
            r"(?x)
            \bno\ such\ (?:user|mailbox|recipient|address|account|person|local\ user) | nosuchuser
            | user\ (?:is\ )?(?:unknown|not\ (?:found|known|exist|existing|local)|doesn'?t\ exist|does\ not\ exist)
            | unknown\ (?:user|recipient|local[-\x20]part|mailbox|e-?mail\ address|address|alias|account)
            | (?:recipient|mailbox|address|account|e-?mail\ address|user\ account)\ (?:is\ )?(?:unknown|not\ (?:found|exist|valid|listed|available|known)|does\ not\ exist|doesn'?t\ exist|invalid|unavailable|nonexistent|non-existent|rejected:\ (?:user|invalid|unknown))
            | (?:invalid|bad|unknown|unrouteable|unroutable|non-?existent|nonexistent)\ (?:recipient|mailbox|address|user|destination\ (?:mailbox|address))
            | does\ not\ exist | doesn'?t\ exist | not\ a\ valid\ (?:recipient|user|mailbox|e-?mail) | is\ not\ a\ known\ user
            | resolver\.adr\.recipient\ ?notfound | recipientnotfound | \b5\.1\.1\b | \b5\.1\.10\b
            | unrouteable\ address | no\ (?:valid\ )?(?:mailbox|account)\ (?:by\ that\ name|here|found|available)
            | no\ mail\ ?box\ available | mailbox\ unavailable | not\ listed\ in\ (?:domino|the\ )?(?:directory|address\ book|public\ name)
            | user\ (?:missing\ home|has\ no\ (?:home|mailbox)) | \bbad\ address | address\ (?:unknown|not\ present)
            | no\ (?:such\ )?(?:one|person)\ (?:at|here) | (?:can'?t|cannot)\ accept\ user | utilisateur\ inconnu | destinataire\ inconnu
            | the\ (?:email\ )?account\ (?:that\ )?you\ tried\ to\ reach\ does\ not\ exist | badrcptto | validrcptto
            | recipient\ address\ rejected\.?\s*$ | recipient\ rejected | not\ our\ customer | recipient\ address\ rejected:\ access\ denied | doesn'?t\ have\ an?\ \S+\ account | invalid\ (?:final\ )?(?:delivery\ )?userid | no\ valid\ recipients | unknown\ or\ illegal\ (?:user|alias) | mailbox\ not\ present
            | 用户不存在 | 收件人不存在 | 地址不存在 | 帐号不存在 | 账号不存在 | 账户不存在 | 帐户不存在 | 邮箱不存在 | 无此用户 | 收件人地址有误
            | 宛先不明 | 存在しない ",
        ),
        (
            Reason::Filtered,
            r"(?x)
            (?:refused|rejected|blocked)\ (?:due\ to|by)\ (?:the\ )?recipient'?s?\ (?:preferences|rules|settings|filter|request)
            | recipient\ (?:is\ only\ accepting|refuses?\ to\ accept) | only\ accepting\ mail\ from
            | user\ reject | blocked\ by\ (?:the\ )?recipient | has\ blocked\ you | message\ rejected\ due\ to\ user\ rules
            | is\ not\ accepting\ (?:any\ )?mail | refuse\ to\ receive | restricted\ (?:sms\ )?e-?mail
            | resolver\.rst\.(?:notauthorized|restrictedtorecipientspermission) | not\ authori[sz]ed\ to\ send\ to
            | bounced\ address | suppression\ list | \bsuppressed\b | on\ the\ recipient'?s?\ (?:blocked|reject)
            | 拒收 | 黑名单中.{0,10}收件人 | 收件人设置 ",
        ),
        (
            Reason::HostUnknown,
            r"(?x)
            host\ (?:or\ domain\ name\ )?not\ found | (?:unknown|invalid|non-?existent|unrouteable|unroutable)\ (?:host|domain|mail\ domain)
            | domain\ (?:name\ )?(?:not\ found|does\ not\ exist|doesn'?t\ exist|is\ (?:unknown|invalid))
            | nxdomain | no\ (?:mx|a|mail\ exchanger)\ (?:record|host)s?\ (?:for|found)
            | (?:cannot|could\ not|couldn'?t)\ (?:be\ )?(?:resolve|find)\ (?:the\ )?(?:mail\ )?(?:domain|host|mx) | host\ unknown
            | recipient\ domain\ (?:not\ found|does\ not) | no\ route\ to\ (?:the\ )?(?:domain|host\ for) | \b5\.1\.2\b | \b5\.4\.4\b
            | unrouteable\ mail\ domain | no\ such\ domain | dns\ lookup\ failure:\ host | domain\ (?:is\ )?not\ reachable | domain\ (?:isn'?t|is\ not)\ in\ my\ list | 域名不存在 ",
        ),
        // "RFC 5322" as a claim about the message, not the `rfc822;` address type of a DSN's
        // recipient fields (RFC 3464 §2.3.2) nor the `message/rfc822` / `text/rfc822-headers`
        // media types, which every DSN carries.
        (
            Reason::NotCompliantRfc,
            r"(?x)
            (?:^|[\s(\[])rfc\ ?(?:2822|5322|822)(?:$|[^;\-\w]) | multiple\ addresses\ in\ from | not\ (?:rfc\ )?compliant | (?:duplicate|multiple|malformed|invalid|missing|bad)\ (?:\S+\ )?(?:header|headers|from\ header|message-id|date\ header)
            | header\ (?:is\ )?(?:malformed|invalid|missing|too\ long) | line\ too\ long | bare\ (?:lf|linefeed|line\ feed|cr) ",
        ),
        (
            Reason::TooManyConn,
            r"(?x)
            too\ many\ (?:connections|concurrent|simultaneous|sessions|recipients|rcpt|hops|recipient)
            | (?:connection|session)\ (?:limit|rate|count)\ (?:exceeded|reached) | too\ many\ smtp
            | exceeded\ (?:the\ )?(?:maximum\ )?(?:number\ of\ )?(?:connections|recipients) | frequency\ limited | 连接数 ",
        ),
        // An IP block names the IP or a blocklist, even when it says "spam" too (Orange's
        // "Client host blocked for spamming issues", Spamhaus listings).
        (
            Reason::Blocked,
            r"(?x)
            client\ host\ (?:\S+\ )?(?:blocked|rejected) | blocked\ ip | ip\ (?:address\ )?(?:source\ )?bloqu | \bdnsbl\b | \brbl\b
            | blocked\ using | \bsc-00[1-4]\b | weren't\ sent\.\ (?:we\ recommend|please)\ (?:that\ you\ )?contact\ your\ internet\ service\ provider
            | listed\ (?:at|on|in)\ (?:the\ )?\S*(?:spamhaus|spamcop|sorbs|barracuda|rbl|bl\b) | (?:sbl|xbl|pbl)\.spamhaus ",
        ),
        (
            Reason::VirusDetected,
            r"(?x)
            \bvirus | malware | infected | trojan | \bworm\b | 病毒 ",
        ),
        (
            Reason::SpamDetected,
            r"(?x)
            \bspam\b | \bspams\b | junk\ mail | unsolicited | bulk\ mail | (?:message|content)\ (?:was\ )?(?:rejected|blocked|refused)\ (?:as|because|due\ to)\ (?:spam|content)
            | (?:suspicious|spam-?like|classified\ as\ spam) | spam\ ?(?:score|filter|content|detect) | \bdt:spm\b | \buh\b.{0,10}spam
            | content\ (?:filter|rejected|blocked) | message\ content\ rejected | high\ probability\ of\ spam
            | blacklisted\ url | \buribl\b | \bsurbl\b | \bspamhaus\b.{0,20}(?:dbl|content)
            | 垃圾邮件 | 疑似垃圾 | 内容.{0,6}(?:违规|拦截|过滤) ",
        ),
        (
            Reason::Blocked,
            r"(?x)
            block\ ?list(?:ed)? | black\ ?list(?:ed)? | deny\ ?list(?:ed)? | \bdnsbl\b | \brbl\b | spamhaus | spamcop | barracuda(?:central)?
            | sorbs | blocked\ using | listed\ (?:at|on|in|as) | (?:ip|client\ host|your\ (?:ip|host|network|server))\b.{0,40}\b(?:blocked|rejected|refused|denied|banned|not\ allowed)
            | (?:blocked|banned|rejected|refused)\b.{0,30}\b(?:ip\b|ip\ address|your\ (?:ip|host|network|server)|client\ host|sending\ host)
            | connection\ (?:refused\ by|rejected|dropped|reset\ by|denied|was\ dropped) | access\ denied.{0,20}\bip\b | not\ accepting\ (?:mail|connections)\ from
            | go\ away | you\ are\ not\ allowed\ to\ connect | helo\ command\ rejected | (?:helo|ehlo)\ .{0,30}(?:rejected|invalid|refused)
            | service\ not\ available,\ closing | service\ refused | remote\ protocol\ error | poor\ (?:email\ )?reputation | \b[45]\.7\.1\b.{0,60}\b(?:blocked|refused)\b
            | \bip\b.{0,20}\b(?:is\ )?blocked | \bdnsbl\ | \b421\b.{0,30}\bblocked
            | 你的ip | 您的ip | ip(?:地址)?(?:被|已被)?(?:封|禁|拦截) ",
        ),
        (
            Reason::PolicyViolation,
            r"(?x)
            \bpolicy\b | host\ network\ not\ allowed | content\ presents\ a\ potential\ security\ issue | prohibited\ (?:attachment|file|content) | attachment\ (?:type\ )?(?:not\ allowed|is\ not\ permitted|blocked|rejected)
            | not\ allowed\ (?:by|due\ to)\ (?:the\ )?(?:organi[sz]ation|company) | (?:by|violat\w*)\ (?:the\ )?(?:organi[sz]ation'?s?|company'?s?)
            | (?:executable|\.exe|\.zip|file\ extension) .{0,30}(?:not\ allowed|blocked|rejected|prohibited)
            | \b5\.7\.9\b | 违反.{0,6}策略 ",
        ),
        (
            Reason::ContentError,
            r"(?x)
            (?:invalid|illegal|unsupported|not\ supported|malformed)\ (?:content|mime|character|charset|encoding|attachment)
            | content\ (?:type|encoding)\ (?:not|invalid|is\ not) | 8-?bit\ (?:data|mime|characters)\ (?:not\ accepted|rejected|not\ allowed)
            | \b[45]\.6\.\d+\b | smtputf8 | conversion\ (?:required|failed) ",
        ),
        (
            Reason::FailedStartTls,
            r"(?x)
            starttls | \btls\b.{0,30}(?:fail|required|negotiat|handshake|error) | (?:not|n't)\ support\ (?:starttls|tls) | ssl\ (?:handshake|error) | \b[45]\.7\.10\b ",
        ),
        (
            Reason::SecurityError,
            r"(?x)
            unauthenticated\ senders? | authentication\ (?:failed|required|credentials|unsuccessful) | (?:smtp\ )?auth(?:entication)?\ (?:is\ )?required
            | password\ (?:incorrect|expired) | login\ (?:failed|incorrect) | must\ (?:be\ )?authenticat
            | not\ (?:authenticated|authorized\ to\ send) | client\ was\ not\ authenticated | secur(?:e|ity)\ (?:error|connection\ required|policy) ",
        ),
        (
            Reason::SystemFull,
            r"(?x)
            (?:mail\ )?system\ (?:is\ )?(?:full|congested) | (?:disk|file\ ?system)\ (?:is\ )?full | insufficient\ system\ storage
            | out\ of\ (?:disk|storage|memory) | insufficient\ (?:disk\ |system\ )?(?:space|storage) | no\ space\ left | \b[45]\.3\.1\b ",
        ),
        (
            Reason::NotAccept,
            r"(?x)
            (?:does\ not|doesn'?t|not)\ accept(?:ing)?\ (?:any\ )?(?:e-?)?mail | null\ mx | indicated\ no\ smtp\ service | accepts\ no\ mail | \b5\.1\.10\b | \b[45]\.3\.2\b
            | mail\ (?:is\ )?not\ accepted | not\ accepting\ (?:network\ )?messages | 不接收邮件 ",
        ),
        // A report that gave up after queue time but names the failure that kept it queued:
        // the named cause is the reason. RFC 3463 X.4.3 "Directory server failure" (qmail's
        // "Unable to contact LDAP server. (#4.4.3)") is a system fault on the receiving side
        // (Sisimai's `systemerror`, as its status table maps x.4.3); a failed DNS query
        // (Microsoft's "5.4.312 Message expired, DNS query failed") is Sisimai's
        // `networkerror` ("DNS lookup or routing failure").
        (
            Reason::SystemError,
            r"unable\ to\ contact\ (?:the\ )?(?:ldap|directory)\ server|directory\ server\ (?:failure|unavailable|error)",
        ),
        // qmail-remote's "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not
        // going to try again; this message has been in the queue too long.": the connection
        // failure is what kept it queued.
        (
            Reason::NetworkError,
            r"\bdns\ (?:query|lookup)\ (?:failed|failure)\b|(?:wasn't|was\ not)\ able\ to\ establish\ an\ smtp\ connection",
        ),
        // Gmail's "The recipient server did not accept our requests to connect" (its help page
        // support.google.com/mail/answer/7720) is its report once the retries to connect ran
        // out: requests, plural, over the queue's lifetime.
        (
            Reason::Expired,
            r"(?x)
            (?:delivery|retry|message)\ (?:time\ )?(?:expired|timeout|timed\ out) | (?:expired|timed\ out)\ (?:in\ queue|after)
            | (?:could\ not|couldn'?t|unable\ to)\ be\ delivered\ (?:within|for|in) | envelope\ expired | (?:queue|delivery)\ (?:time\ )?(?:limit|lifetime)\ (?:exceeded|expired)
            | (?:has|have)\ not\ been\ delivered\ (?:for|within|yet) | giving\ up | gave\ up | too\ long\ in\ (?:the\ )?queue
            | retry\ time\ not\ reached | been\ (?:in\ the\ )?(?:queue|delayed)\ for | unable\ to\ deliver\ .{0,30}\ for\ \d+\ (?:days|hours)
            | maximum\ (?:retry|delivery)\ (?:time|attempts) | in\ the\ queue\ too\ long | connection\ timed\ out | server\ did\ not\ respond
            | after\ multiple\ retries | not\ reachable\ within | failing\ for\ a\ long\ time | delivery\ failed\ \d+\ attempts | message\ expired | was\ not\ delivered\ .{0,40}(?:days|hours)
            | \bdeferred\b | \bdelayed\b | 超时 | did\ not\ accept\ our\ requests\ to\ connect ",
        ),
        (
            Reason::NetworkError,
            r"(?x)
            (?:mail\ )?(?:loop|loops)\ (?:back|detected|too\ many\ hops) | routing\ loop | too\ many\ hops | hop\ count
            | (?:dns|name\ server|lookup)\ (?:error|failure|timeout|timed\ out|problem) | temporary\ (?:dns|lookup|name\ resolution)\ failure
            | network\ (?:error|unreachable|is\ unreachable) | no\ route\ to\ host | (?:could\ not|couldn'?t|unable\ to)\ connect
            | host\ (?:is\ )?unreachable | (?:wasn't|was\ not|unable\ to|could\ not|couldn't)\ (?:able\ to\ )?establish\ (?:an\ )?smtp\ connection | malformed\ (?:or\ unexpected\ )?name\ server\ reply | lost\ connection | connection\ closed ",
        ),
        (
            Reason::MailerError,
            r"(?x)
            mailer\ (?:error|failed) | (?:command|pipe|program)\ (?:died|failed|returned|output|terminated) | exit\ (?:code|status)\ \d | \bx-unix\b
            | pipe\ to\ \| | (?:procmail|maildrop|sieve|deliver)\b.{0,20}(?:error|failed) | unknown\ mailer | local\ delivery\ failed | \bsh:\ ",
        ),
        (
            Reason::SystemError,
            r"(?x)
            (?:system|server|internal|configuration|local)\ (?:error|failure|problem) | misconfigur | local\ (?:failure|problem)
            | (?:service|server|system)\ (?:is\ )?(?:unavailable|not\ available|temporarily\ unavailable|busy)
            | currently\ unavailable | transaction\ failed | please\ try\ later | mail\ server\ temporarily | \b5\.3\.[035]\b | \b4\.3\.[35]\b | \b[45]\.4\.3\b
            | (?:remote|receiving)\ (?:server|host)\ (?:error|problem) | i/o\ error | \berror\ writing | queue\ file\ write\ error ",
        ),
        (
            Reason::SyntaxError,
            r"(?x)
            syntax\ error | improper\ sequence | parameter\ not\ implemented | malformed\ address | may\ not\ follow | command\ (?:not\ )?(?:unrecognized|recognized|not\ implemented) | unrecognized\ command | bad\ sequence\ of\ commands
            | (?:invalid|bad)\ (?:command|parameter|argument|syntax) | \b50[0-4]\b.{0,10}\b5\.5\.[0-24]\b ",
        ),
    ];
    table
};

/// The wording regexes, and a literal prefilter that says which of them can match a text.
///
/// Most diagnostics are a sentence or two and match one pattern or none: trying forty-odd
/// regexes in turn scanned each text forty times. Every pattern's matches start (or end) with
/// one of a finite set of literals, which `regex-syntax` extracts from the pattern itself (the
/// same analysis the regex crate's own prefilters use, so no hand-kept keyword list can drift
/// from the patterns); one Aho-Corasick pass over the text finds which literals occur, and only
/// the patterns they belong to run. A pattern whose literals cannot be bounded (a leading `\s`
/// class or `\S+`) always runs.
///
/// Where a pattern's literals are the starts of its matches, the pass has found every place a
/// match can begin: the pattern is tried there only, anchored, and stops within a few bytes
/// where it does not match, instead of reading the whole text. (Run over the whole text, the
/// patterns that could match were half of the wording's time.)
struct Wording {
    table: Vec<(Reason, regex_automata::meta::Regex)>,
    /// Every pattern's literals, in one automaton.
    literals: aho_corasick::AhoCorasick,
    /// The table index each literal of `literals` belongs to.
    owner: Vec<u8>,
    /// The patterns that have no literal set and are always tried, as a bit set.
    always: u128,
    /// The patterns whose matches start with one of their literals, as a bit set.
    starts_with_literal: u128,
}

/// How many literal starts a text may have before the patterns are tried over all of it
/// instead: each anchored try costs about what a match is long, and a text full of literals
/// (`ip ip ip …`) would pay that at every one.
const MAX_ANCHORED_STARTS: usize = 64;

impl Wording {
    fn new(table: &[(Reason, &str)]) -> Wording {
        assert!(table.len() <= 128, "the candidate set is a u128");
        let mut compiled = Vec::with_capacity(table.len());
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        let mut always = 0u128;
        let mut starts_with_literal = 0u128;
        for (i, (reason, re)) in table.iter().enumerate() {
            // Word boundaries are ASCII ones: a Unicode `\b` stops the lazy DFA at the first
            // non-ASCII byte (a Japanese or Chinese bounce) and the search falls back to the
            // PikeVM, many times slower. Next to a CJK character the two differ, and no pattern
            // here depends on that.
            // The English proximity windows (`ip\b.{0,40}\bblocked`) span ASCII only: a window
            // of any Unicode character makes the lazy DFA track every UTF-8 length at every
            // offset, and one such pattern cost a third of all the wording's matching time.
            // (The Chinese windows are short, `.{0,6}`/`.{0,10}`, and keep any character.)
            let mut re = re.replace(r"\b", r"(?-u:\b)");
            for n in ["20", "30", "40", "60"] {
                re = re.replace(&format!(".{{0,{n}}}"), &format!("[\\x00-\\x7F]{{0,{n}}}"));
            }
            let regex = regex_automata::meta::Regex::new(&re)
                .unwrap_or_else(|e| panic!("bounce wording regex for {reason:?}: {e}"));
            match required_literals(&re) {
                Some((kind, lits)) => {
                    owner.extend(std::iter::repeat_n(i as u8, lits.len()));
                    literals.extend(lits);
                    if kind == LiteralsAre::Prefixes {
                        starts_with_literal |= 1 << i;
                    }
                }
                None => always |= 1 << i,
            }
            compiled.push((*reason, regex));
        }
        // A contiguous NFA, not a DFA: the DFA searched about 1 % faster but took ~19 ms to
        // build, which the CLI pays on every run (its wall time over bsd/ went 49 → 68 ms).
        let literals = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&literals)
            .expect("the wording literals build an automaton");
        Wording { table: compiled, literals, owner, always, starts_with_literal }
    }

    /// The first pattern, in table order, that matches.
    fn first_match(&self, text: &str) -> Option<Reason> {
        use regex_automata::{Anchored, Input};
        let mut candidates = self.always;
        // (pattern, offset) where a literal of a pattern in `starts_with_literal` begins.
        let mut starts: Vec<(u8, usize)> = Vec::new();
        let mut too_many_starts = false;
        for m in self.literals.find_overlapping_iter(text) {
            let i = self.owner[m.pattern().as_usize()];
            candidates |= 1 << i;
            if self.starts_with_literal & (1 << i) != 0 && !too_many_starts && !starts.contains(&(i, m.start())) {
                too_many_starts = starts.len() == MAX_ANCHORED_STARTS;
                starts.push((i, m.start()));
            }
        }
        let mut rest = candidates;
        while rest != 0 {
            let i = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            let (reason, re) = &self.table[i];
            let matched = if self.starts_with_literal & (1 << i) != 0 && !too_many_starts {
                // The text before the start still counts for a leading `\b`: the search spans
                // from the start, over the whole haystack.
                starts
                    .iter()
                    .filter(|(p, _)| *p as usize == i)
                    .any(|&(_, start)| re.is_match(Input::new(text).range(start..).anchored(Anchored::Yes)))
            } else {
                re.is_match(text)
            };
            if matched {
                return Some(*reason);
            }
        }
        None
    }

    /// Every pattern tried in turn, no prefilter: what `first_match` must equal.
    fn first_match_unfiltered(&self, text: &str) -> Option<Reason> {
        self.table.iter().find(|(_, re)| re.is_match(text)).map(|(r, _)| *r)
    }
}

/// Which end of every match a pattern's literals are found at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LiteralsAre {
    Prefixes,
    Suffixes,
}

/// Literals one of which every match of `pattern` starts with (or else ends with), or `None`
/// when no finite set of non-empty literals says so.
fn required_literals(pattern: &str) -> Option<(LiteralsAre, Vec<Vec<u8>>)> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    [LiteralsAre::Prefixes, LiteralsAre::Suffixes].into_iter().find_map(|kind| {
        let extract = if kind == LiteralsAre::Prefixes { ExtractKind::Prefix } else { ExtractKind::Suffix };
        let seq = Extractor::new().kind(extract).extract(&hir);
        let lits = seq.literals()?;
        // An empty literal matches anywhere; an empty set would say "never", which the
        // unfiltered table is not trusted to agree with.
        if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
            return None;
        }
        Some((kind, lits.iter().map(|l| l.as_bytes().to_vec()).collect()))
    })
}

/// Outlook.com's `SC-001`…`SC-004` replies ("Unfortunately, messages from … weren't sent. Please
/// contact your Internet service provider") are its documented IP-block codes; they sit with the
/// other IP blocks above.
///
/// Where the Chinese providers' wording comes from (all matched lower-cased):
///
/// * **NetEase** (163.com, 126.com, yeah.net, NetEase enterprise mail): the SMTP error code list
///   of its help centre ("退信代码说明"): `DT:SPM` the content was judged spam, `DT:SUM` the
///   envelope sender differs from the `From:` header, `MI:IMF` the `From:` header is malformed,
///   `MI:SPF`/`MI:DMA` SPF/DMARC failed, `MI:NHD` a bad HELO, `HL:ICC` too many concurrent
///   connections from the IP, `HL:IFC`, `MI:SFQ`, `MI:CEL`, `MI:DMC` and `RP:*` sending-rate
///   limits, `HL:IHU`/`HL:IPB`/`HL:MEP` the IP is suspended or listed; `550 User not found`
///   (no such user) and `550 User suspended` (the account is frozen).
/// * **Tencent** (QQ Mail, Tencent Exmail): `550 Mailbox not found or access denied` (no such
///   user), `550 Ip frequency limited` / `Connection frequency limited` / `Domain frequency
///   limited` (rate and connection limits), `550 Mail content denied` (content judged spam);
///   its Chinese notices say 收件人不存在 / 该邮件地址不存在 for an unknown recipient.
/// * **Alibaba Mail** (mxhichina, Aliyun enterprise mail): `ESO_LOCAL_SPAM` in the reply when
///   the local anti-spam engine refused the content.
const CHINESE_SPAM: &str = r"\bdt:spm\b|mail\ content\ denied|eso_local_spam|esolocal_spam";

/// Lower-cases and collapses whitespace, so that folded lines and indentation do not matter,
/// and joins a multi-line SMTP reply (`550-5.7.1 Messages with multiple` / `550 5.7.1 addresses
/// in From`): the repeated code prefixes would otherwise split the sentence.
pub fn normalise(text: &str) -> String {
    join_reply_lines(collapse_lower(text))
}

fn collapse_lower(text: &str) -> String {
    if text.is_ascii() {
        return collapse_lower_ascii(text);
    }
    collapse_lower_chars(text)
}

/// `collapse_lower` of ASCII text (most of what a bounce says), a quarter faster than a
/// character at a time: lower-cased in one pass, then the blanks squeezed in place.
fn collapse_lower_ascii(text: &str) -> String {
    let mut bytes = text.to_ascii_lowercase().into_bytes();
    let mut kept = 0;
    let mut space = false;
    for read in 0..bytes.len() {
        let b = bytes[read];
        // `char::is_whitespace` over ASCII: the vertical tab too, unlike `is_ascii_whitespace`.
        if matches!(b, b' ' | b'\t'..=b'\r') {
            space = kept > 0;
            continue;
        }
        if space {
            bytes[kept] = b' ';
            kept += 1;
            space = false;
        }
        bytes[kept] = b;
        kept += 1;
    }
    bytes.truncate(kept);
    String::from_utf8(bytes).expect("ASCII text stays ASCII")
}

fn collapse_lower_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        // Most of a bounce is ASCII: lower-case it without Unicode's case tables.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn join_reply_lines(text: String) -> String {
    // Sendmail's session transcripts mark the server's lines with `<<<`.
    let text = if text.contains("<<< ") || text.contains(">>> ") {
        text.replace("<<< ", "").replace(">>> ", "")
    } else {
        text
    };
    let prefix = crate::regex!(r"(?:^|\s)[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\s)?");
    // A continued reply (`550-…`) needs a `-` after three digits: most texts have no `-` at all.
    if !text.contains('-') || !crate::regex!(r"(?:^|\s)[245]\d\d-").is_match(&text) {
        return text;
    }
    let mut first = true;
    prefix
        .replace_all(
            &text,
            |c: &regex::Captures<'_>| {
                if std::mem::take(&mut first) {
                    c[0].to_string()
                } else {
                    " ".to_string()
                }
            },
        )
        .into_owned()
}

/// The reason the wording gives, if any (`text` already normalised).
pub fn by_wording(text: &str) -> Option<Reason> {
    if text.is_empty() {
        return None;
    }
    let found = WORDING.first_match(text);
    // Debug builds (every test) check the prefilter against trying every pattern, on every
    // text the readers classify.
    debug_assert_eq!(found, WORDING.first_match_unfiltered(text), "the wording prefilter lost a match in {text:?}");
    found
}

/// The reason an RFC 3463 status code names by its subject and detail, where it names one.
/// Generic codes (`x.0.0`, `x.7.0`, `5.7.1` "not authorised", `5.5.0`…) name none: the wording
/// or the reply code must say more.
pub fn by_status(status: &str) -> Option<Reason> {
    let mut parts = status.split('.');
    let class = parts.next()?;
    let subject: u32 = parts.next()?.parse().ok()?;
    let detail: u32 = parts.next()?.parse().ok()?;
    let transient = class == "4";
    use Reason::*;
    Some(match (subject, detail) {
        (1, 0) | (1, 1) | (1, 3) if !transient => UserUnknown,
        (1, 2) if !transient => HostUnknown,
        (1, 4) => Filtered,
        (1, 6) => HasMoved,
        (1, 7) | (1, 8) => Rejected,
        (1, 9) => SystemError,
        (1, 10) => NotAccept,
        (2, 0) | (2, 4) => Filtered,
        (2, 1) => Suspend,
        (2, 2) => MailboxFull,
        (2, 3) => ExceedLimit,
        (3, 0) if transient => return None,
        (3, 0) | (3, 3) | (3, 5) => SystemError,
        (3, 1) => SystemFull,
        (3, 2) => NotAccept,
        (3, 4) => MesgTooBig,
        (4, 0) if !transient => NetworkError,
        (4, 1) if transient => Expired,
        (4, 7) => Expired,
        (4, 2) | (4, 6) => NetworkError,
        (4, 3) => SystemError,
        (4, 4) => {
            if transient {
                NetworkError
            } else {
                HostUnknown
            }
        }
        (4, 5) => SystemFull,
        (5, 3) => TooManyConn,
        (5, 4) | (5, 5) => SystemError,
        (6, _) => ContentError,
        (7, 1) | (7, 2) if transient => Blocked,
        (7, 13) => Suspend,
        (7, 16) => MesgTooBig,
        (7, 17) | (7, 18) => HasMoved,
        (7, 10) => FailedStartTls,
        (7, 20..=24) | (7, 26) | (7, 509) | (7, 515) => AuthFailure,
        (7, 25) => RequirePtr,
        (7, 27) => NotAccept,
        (7, 9) => PolicyViolation,
        (7, 0) | (7, 1) => return None,
        (7, _) => SecurityError,
        _ => return None,
    })
}

/// What is left when neither the wording nor the status code names a reason: the status
/// class's subject (RFC 3463: x.6 media, x.7 security), then the action.
///
/// A failure report whose only reply from the remote was a 4xx one (RFC 5321 §4.2.1: "transient
/// negative completion", try again later) failed because the sender's MTA stopped trying: its
/// retries ran out, Sisimai's `expired` ("delivery time expired … retries exhausted").
pub fn fallback(status: Option<&str>, action: Option<&str>, reply_code: Option<&str>, diagnostic: &str) -> Reason {
    let subject = status.and_then(|s| s.get(..3));
    match subject {
        Some("5.6") | Some("4.6") => return Reason::ContentError,
        Some("5.7") | Some("4.7") => return Reason::SecurityError,
        _ => {}
    }
    if action.is_some_and(|a| a.eq_ignore_ascii_case("delayed"))
        || status.is_some_and(|s| s.starts_with("4.4"))
        || (status.is_none() && reply_code.is_some_and(|c| c.starts_with('4')))
    {
        return Reason::Expired;
    }
    // Postfix's bounce(8) writes "--- Delivery report unavailable ---" when it lost the
    // per-recipient log of the queue file: the reporter itself does not know why.
    let unknown_to_reporter = diagnostic.contains("delivery report unavailable");
    if (diagnostic.trim().is_empty() || unknown_to_reporter) && status.is_none() {
        Reason::Undefined
    } else {
        Reason::OnHold
    }
}

/// Corrects a reason read from wording by the SMTP stage, as Sisimai does: "user unknown" is
/// only a dead address when the recipient was refused (RCPT TO, or a status that says so); the
/// same words after DATA come from a content filter (`filtered`), and after MAIL FROM they are
/// about the sender (`rejected`).
///
/// `text` gives the words around the diagnostic; it is asked for only by the few rules that read
/// them (building it means normalising the whole report).
pub fn by_stage<S: AsRef<str>>(
    wording: Reason,
    status: Option<&str>,
    command: impl Fn() -> Option<super::text::Command>,
    text: impl Fn() -> S,
) -> Reason {
    use super::text::Command;
    let by_status = status.and_then(by_status);
    let status_subject: Option<u32> = status.and_then(|s| s.split('.').nth(1)).and_then(|s| s.parse().ok());
    let status_detail: Option<u32> = status.and_then(|s| s.split('.').nth(2)).and_then(|s| s.parse().ok());
    match wording {
        Reason::UserUnknown => match (by_status, command()) {
            // Refused after MAIL FROM: the words are about the sender's address.
            (_, Some(Command::Mail)) => Reason::Rejected,
            (Some(Reason::UserUnknown), _) | (_, Some(Command::Rcpt)) => Reason::UserUnknown,
            // x.1.x other than the sender's (x.1.7, x.1.8) is about the recipient's address:
            // Microsoft's 5.1.10/5.1.351, a domain that says the user is unknown.
            _ if status_subject == Some(1) && !matches!(status_detail, Some(7 | 8)) => Reason::UserUnknown,
            _ if strong_recipient_refusal(text().as_ref()) => Reason::UserUnknown,
            // 5.2.1 "mailbox disabled" with "user unknown" words and no RCPT stage: the
            // mailbox exists but refuses (a filter), not a dead address.
            (Some(Reason::Filtered), _) | (_, Some(Command::Data)) => Reason::Filtered,
            _ => Reason::Filtered,
        },
        Reason::HostUnknown if command() == Some(Command::Mail) => Reason::Rejected,
        // Reasons that are about the connection or the connecting IP (a reputation check is
        // made at connection time) stand at any stage.
        Reason::TooManyConn
        | Reason::FailedStartTls
        | Reason::AuthFailure
        | Reason::Expired
        | Reason::NetworkError
        | Reason::Speeding
        | Reason::BadReputation => wording,
        // At connection time a missing PTR is one more reason to turn a client away: a block,
        // unless the words are those of a PTR requirement (Sisimai's `RequirePTR` list).
        Reason::RequirePtr if command() == Some(Command::Connect) => {
            if names_ptr_requirement(text().as_ref()) {
                Reason::RequirePtr
            } else {
                Reason::Blocked
            }
        }
        // Refused before any envelope was sent (greeting, HELO/EHLO): the client was turned
        // away, whatever words came with it.
        _ if command() == Some(Command::Connect) => Reason::Blocked,
        w => w,
    }
}

/// The sentences of Sisimai's `RequirePTR` list: a receiver stating that it requires a PTR
/// record (Google's "does not have a PTR record setup", Comcast's "must have a PTR record with a
/// valid Reverse DNS entry", Yahoo's "cannot find your hostname"), not merely noting its absence.
fn names_ptr_requirement(text: &str) -> bool {
    crate::regex!(
        r"access denied\. ip name lookup failed|all mail servers must have a ptr record with a valid reverse dns entry|bad dns ptr resource record|cannot find your hostname|cannot resolve your address\.|fix reverse dns for |ips with missing ptr records|no ptr record found\.|please get a custom reverse dns name from your isp|ptr record setup|reverse dns failed|reverse dns required|sender ip reverse lookup rejected|the corresponding forward dns entry does not point to the sending ip|will not accept messages from servers/devices with no reverse dns|unresolvable relay host name|hosts with dynamic ip or generic dns ptr-records|domain \S+ mismatches client ip|reverse dns lookup for host \S+ failed permanently|forbidden by invalid rdns record|unverifyable sending ips"
    )
    .is_match(text)
}

/// Wording only a recipient check prints (a directory lookup at RCPT time): Postfix's
/// "Recipient address rejected", Exchange's "RESOLVER.ADR.RecipientNotFound" and "The
/// recipient name is not recognized", Domino's "not listed in public Name & Address Book",
/// "Requested action not taken: mailbox unavailable" (RFC 5321's text for 550 at RCPT), and the
/// Chinese providers' own notices (QQ Mail's 收件人不存在 / 该邮件地址不存在), which are the
/// mailbox provider speaking, not a relayed reply; IMail's "Unknown user: <address>", a local
/// directory lookup; Sendmail's local delivery agent `mail.local: unknown user: …`
/// (mail.local(8)), a lookup in the local password file at final delivery, where no content
/// filter speaks.
fn strong_recipient_refusal(text: &str) -> bool {
    crate::regex!(r"mail\.local: unknown user|resolver\.adr\.recipient ?notfound|recipient name is not recognized|not listed in (?:the )?(?:public name|domino directory|address book)|requested action not taken: mailbox unavailable|invalid recipient|did not reach the following recipient|no valid recipients|invalid final delivery userid|unknown user: <address>|unable to deliver your message to the following address|recipient address rejected: access denied|\[rcpt_to\]|smtp:rcpt|收件人不存在|该邮件地址不存在|用户不存在|帐号不存在|账号不存在")
        .is_match(text)
}

/// Wording or status code, when both name a reason. The wording usually says more than the
/// code, but a few RFC 3463 details are more precise than any wording: x.2.3 (the recipient's
/// own size limit, where servers still write "message too large"), x.1.6 (moved), x.2.2 (full).
pub fn prefer(wording: Option<Reason>, status: Option<Reason>) -> Option<Reason> {
    match (wording, status) {
        (Some(_), Some(s @ (Reason::ExceedLimit | Reason::HasMoved | Reason::MailboxFull))) => Some(s),
        (w, s) => w.or(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_regexes_compile() {
        assert!(WORDING.table.len() > 20);
    }

    #[test]
    fn common_wordings() {
        let w = |s: &str| by_wording(&normalise(s));
        assert_eq!(w("550-5.1.1 The email account that you tried to reach does not exist."), Some(Reason::UserUnknown));
        assert_eq!(w("552 5.2.2 Mailbox full"), Some(Reason::MailboxFull));
        assert_eq!(w("550 5.7.26 This mail is unauthenticated"), Some(Reason::AuthFailure));
        assert_eq!(w("550 5.7.1 Client host rejected: cannot find your hostname"), Some(Reason::RequirePtr));
        assert_eq!(w("554 5.7.1 Relay access denied"), Some(Reason::NoRelaying));
        assert_eq!(w("Host or domain name not found. Name service error"), Some(Reason::HostUnknown));
        assert_eq!(w("550 Mailbox not found or access denied"), Some(Reason::UserUnknown));
    }

    #[test]
    fn a_domain_with_no_mail_host_is_not_accepting_mail() {
        let w = |s: &str| by_wording(&normalise(s));
        // qmail-remote: an empty MX/A answer vs a name that does not exist.
        assert_eq!(
            w("<bob@example.org>: Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)"),
            Some(Reason::NotAccept)
        );
        assert_eq!(
            w("<bob@example.org>: Sorry, I couldn't find any host named example.org. (#5.1.2)"),
            Some(Reason::HostUnknown)
        );
        // OpenSMTPD, in a delay notice that also says "delayed".
        assert_eq!(w("A message is delayed for more than 4 hours for the following list of recipients: bob@example.org: No MX found for domain"), Some(Reason::NotAccept));
    }

    #[test]
    fn gmails_connection_give_up_is_expired() {
        let w = |s: &str| by_wording(&normalise(s));
        assert_eq!(
            w("Technical details of permanent failure: The recipient server did not accept our requests to connect. [(0) example.org. [192.0.2.1]:25: socket error]"),
            Some(Reason::Expired)
        );
    }

    #[test]
    fn mail_local_unknown_user_is_a_dead_address() {
        // Sendmail's transcript: the local delivery agent found no such user, whatever the
        // generic 5.5.0 "Service unavailable" around it.
        let text = normalise("mail.local: unknown user: bob\n554 <bob@example.net>... Service unavailable");
        assert_eq!(by_stage(Reason::UserUnknown, Some("5.5.0"), || None, || &text), Reason::UserUnknown);
        // The same "unknown user" words with no stage and nothing local: a filter may have said it.
        let relayed = normalise("554 <bob@example.net>... unknown user");
        assert_eq!(by_stage(Reason::UserUnknown, Some("5.5.0"), || None, || &relayed), Reason::Filtered);
    }

    #[test]
    fn only_a_transient_reply_in_a_failure_is_expired() {
        // A gateway's "permanent error" whose only reply was a 421: its retries ran out.
        assert_eq!(
            fallback(None, Some("failed"), Some("421"), "error, error_code :421, host not reachable"),
            Reason::Expired
        );
        assert_eq!(fallback(None, Some("failed"), Some("550"), "error, error_code :550"), Reason::OnHold);
    }

    #[test]
    fn a_report_without_its_report_is_undefined() {
        let notice = normalise("I'm sorry to have to inform you that your message could not be delivered to one or more recipients. The mail system --- Delivery report unavailable ---");
        assert_eq!(by_wording(&notice), None);
        assert_eq!(fallback(None, None, None, &notice), Reason::Undefined);
    }

    #[test]
    fn the_rfc822_address_type_is_no_compliance_claim() {
        let w = |s: &str| by_wording(&normalise(s));
        assert_eq!(
            w("Final-Recipient: RFC822; bob@example.edu X-Actual-Recipient: rfc822; |/usr/bin/procmail 554 ... Service unavailable"),
            Some(Reason::SystemError)
        );
        assert_eq!(w("Content-Type: message/rfc822 and text/rfc822-headers"), None);
        assert_eq!(w("550 5.6.0 Message is not RFC 5322 compliant"), Some(Reason::NotCompliantRfc));
        assert_eq!(w("550 Messages must comply with RFC 822"), Some(Reason::NotCompliantRfc));
    }

    #[test]
    fn an_expiry_that_names_its_cause_is_that_cause() {
        let w = |s: &str| by_wording(&normalise(s));
        assert_eq!(
            w("<bob@example.net>: Unable to contact LDAP server. (#4.4.3) I'm not going to try again; this message has been in the queue too long."),
            Some(Reason::SystemError)
        );
        assert_eq!(w("550 5.4.312 Message expired, DNS query failed"), Some(Reason::NetworkError));
        // A bare expiry stays one.
        assert_eq!(w("550 4.4.7 QUEUE.Expired; message expired"), Some(Reason::Expired));
        assert_eq!(w("Host example.net: DNS lookup failure: host not found"), Some(Reason::HostUnknown));
    }

    /// The prefilter against every pattern tried in turn, on each paragraph and each line of
    /// every fixture and corpus message (the corpus is skipped when absent). Debug builds also
    /// check every text the readers classify (`by_wording`'s `debug_assert_eq!`).
    #[test]
    fn the_prefilter_loses_no_match() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut dirs = vec![root.join("tests/fixtures/bounces")];
        match root.ancestors().map(|a| a.join("../shared/corpus/bounces")).find(|p| p.join("labels.tsv").is_file()) {
            Some(corpus) => {
                dirs.extend(std::fs::read_dir(corpus).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()))
            }
            None => eprintln!("SKIPPED (corpus part): ../shared/corpus/bounces is absent"),
        }
        let (mut texts, mut matched) = (0, 0);
        for dir in dirs {
            for file in std::fs::read_dir(&dir).unwrap().flatten() {
                let raw = String::from_utf8_lossy(&std::fs::read(file.path()).unwrap()).into_owned();
                for piece in raw.split("\n\n").chain(raw.lines()) {
                    let text = normalise(piece);
                    let found = WORDING.first_match(&text);
                    assert_eq!(found, WORDING.first_match_unfiltered(&text), "{}: {text:?}", file.path().display());
                    texts += 1;
                    matched += found.is_some() as usize;
                }
            }
        }
        eprintln!("{texts} texts, {matched} with a wording match");
        assert!(matched > 100, "too few texts matched any wording ({matched}): the check proves little");
    }

    /// A pattern tried anchored where its literal starts still sees the text before it (a
    /// leading `\b`), and a text with more literal starts than are tried so is read whole.
    #[test]
    fn anchored_tries_see_the_text_before_the_literal() {
        assert_eq!(by_wording("552 quota exceeded"), Some(Reason::MailboxFull));
        assert_eq!(by_wording("see overquota.example for details"), None);
        let crowded = format!("{}: mailbox is full", "ip ip blocked? ".repeat(40));
        assert_eq!(WORDING.first_match(&crowded), WORDING.first_match_unfiltered(&crowded));
        assert!(WORDING.first_match(&crowded).is_some());
    }

    #[test]
    fn ascii_text_is_collapsed_as_any_text_is() {
        for text in ["", "   ", " 550  5.1.1\tUser\x0BUnknown \r\n", "ALL CAPS\x0C\x0Cend ", "a", "x\x1Fy"] {
            assert_eq!(collapse_lower_ascii(text), collapse_lower_chars(text), "{text:?}");
        }
        assert_eq!(collapse_lower(" Mailbox\n   FULL "), "mailbox full");
        assert_eq!(collapse_lower("Boîte  PLEINE"), "boîte pleine");
    }

    #[test]
    fn status_codes() {
        assert_eq!(by_status("5.1.1"), Some(Reason::UserUnknown));
        assert_eq!(by_status("4.2.2"), Some(Reason::MailboxFull));
        assert_eq!(by_status("5.7.1"), None);
        assert_eq!(by_status("x"), None);
    }
}
