#!/usr/bin/env node
// Accessibility check of every page a guest sees, against a running dev-mode Guestpass (./mvnw quarkus:dev).
//
// It drives the real journeys in Debian's Chromium (never a downloaded browser) through puppeteer-core: an invitation is
// redeemed (start page, the Microsoft stand-in's sign-in page, a mismatching account, consent, decline, accept, the link
// opened again), links that are unknown, withdrawn or whose page state is gone, and an application's sign-in (provider
// page, an address with no access, a pending invitation accepted inline, a request that can't be answered), and
// self-service sign-up through a user flow (provider page, the attribute page clean and with errors — per field, in the
// summary, and an API connector's ValidationError —, sign-up switched off, no such flow, and the pages a connector ends
// a sign-up with: blocked, or unusable; the connector is a small local HTTP server this script runs). Every page is
// checked with axe-core in English and in Dutch (Accept-Language) at 1280 px and 390 px wide. Any violation fails the run
// (exit 1) and is printed with its page, rule and elements.
//
//   npm ci --prefix .ci/a11y && node .ci/a11y/check.mjs [--screenshots docs/screenshots]
//
// Environment: GUESTPASS_URL (http://localhost:8080), GUESTPASS_ISSUER_URL (http://localhost:8180/admin),
// GUESTPASS_DIRECTORY_ID (the development directory), CHROMIUM (/usr/bin/chromium).
import { readFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const BASE = (process.env.GUESTPASS_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const ISSUER = (process.env.GUESTPASS_ISSUER_URL ?? 'http://localhost:8180/admin').replace(/\/+$/, '');
const DIRECTORY = process.env.GUESTPASS_DIRECTORY_ID ?? '00000000-0000-0000-0000-00000000d1e0';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const shotsArg = process.argv.indexOf('--screenshots');
const SHOTS = shotsArg > 0 ? process.argv[shotsArg + 1] : null;

// Where invitations and the application send people afterwards. Nothing runs there: the browser's requests to it are
// answered by this script, so that the journey ends without a network error.
const APP_ORIGIN = 'http://localhost:3000';
const APP_REDIRECT = `${APP_ORIGIN}/signin-oidc`;
const WIDTHS = [{ name: 'desktop', width: 1280, height: 800 }, { name: 'mobile', width: 390, height: 844 }];
// the guests this check invites, one set per language; the guests with these addresses are deleted before each run, so
// that the check can run again on the same development database
const LANGUAGES = [
    { code: 'en', header: 'en-US,en;q=0.9', messageLanguage: 'en-US', invited: 'ada@outlook.com', pending: 'lin@outlook.com', revoked: 'sam@outlook.com',
        signsUp: 'mia@outlook.com' },
    { code: 'nl', header: 'nl-NL,nl;q=0.9', messageLanguage: 'nl-NL', invited: 'femke@outlook.com', pending: 'joost@outlook.com', revoked: 'ruud@outlook.com',
        signsUp: 'daan@outlook.com' },
];
const ANOTHER_ACCOUNT = 'someone.else@outlook.com';
const NOT_INVITED = 'not.invited@outlook.com';
const RUN = Date.now().toString(36);

const started = Date.now();
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const results = [];
// what the browser refused to do (Content-Security-Policy): a page whose own form is blocked is broken for everyone
const blocked = [];

// ---------------------------------------------------------------------------------------------------------- admin API

async function api(token, method, path, body, headers = {}) {
    const response = await fetch(BASE + path, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
        throw new Error(`${method} ${path}: ${response.status} ${text}`);
    }
    return text ? JSON.parse(text) : null;
}

async function adminToken() {
    const response = await fetch(`${ISSUER}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
    }).catch(e => { throw new Error(`no development issuer at ${ISSUER} (is ./mvnw quarkus:dev running?): ${e.cause?.message ?? e.message}`); });
    if (!response.ok) {
        throw new Error(`token from ${ISSUER}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()).access_token;
}

async function deleteGuests(token, addresses) {
    for (const address of addresses) {
        const users = await api(token, 'GET', `/v1.0/users?$filter=${encodeURIComponent(`mail eq '${address}'`)}`);
        for (const user of users.value) {
            await api(token, 'DELETE', `/v1.0/users/${user.id}`);
        }
    }
}

async function invite(token, address, language) {
    const invitation = await api(token, 'POST', '/v1.0/invitations', {
        invitedUserEmailAddress: address,
        invitedUserDisplayName: 'Accessibility check',
        inviteRedirectUrl: `${APP_ORIGIN}/welcome`,
        sendInvitationMessage: false,
        invitedUserMessageInfo: { messageLanguage: language },
    }, { 'Idempotency-Key': `a11y-${RUN}-${address}` });
    if (!invitation.inviteRedeemUrl?.startsWith(BASE)) {
        throw new Error(`the invitation's inviteRedeemUrl ${invitation.inviteRedeemUrl} is not under ${BASE}`);
    }
    return invitation;
}

// ------------------------------------------------------------------------------------------------------------ browser

/** Runs axe at every width on the page as it is now; takes the screenshot when the page is one of the main ones. */
async function check(page, language, name, { shot = null, standIn = false } = {}) {
    const url = new URL(page.url());
    const lang = await page.evaluate(() => document.documentElement.lang);
    // the stand-in plays Microsoft's page and speaks English only; every Guestpass page must answer in the asked language
    if (!standIn && !lang.startsWith(language.code)) {
        throw new Error(`${name} (${url.pathname}) is in '${lang}', asked for '${language.code}'`);
    }
    const t0 = Date.now();
    // evaluated, not injected: the pages' Content-Security-Policy blocks script tags that it doesn't know
    await page.evaluate(axeSource);
    for (const size of WIDTHS) {
        await page.setViewport({ width: size.width, height: size.height });
        const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        results.push({ name, language: language.code, width: size.width, path: url.pathname, violations });
        if (shot && SHOTS) {
            await page.screenshot({ path: join(SHOTS, `${shot}-${language.code}-${size.name}.png`), type: 'png' });
        }
    }
    await page.setViewport({ width: WIDTHS[0].width, height: WIDTHS[0].height });
    debug(`checked ${name} [${language.code}] in ${Date.now() - t0} ms`);
}

function debug(line) {
    if (process.env.A11Y_DEBUG) {
        console.error(`${((Date.now() - started) / 1000).toFixed(1)} s ${line}`);
    }
}

async function go(page, url) {
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response) {
        throw new Error(`no answer for ${url}`);
    }
    return response;
}

async function clickAndWait(page, selector) {
    const element = await page.waitForSelector(selector, { timeout: 5000 }).catch(() => {
        throw new Error(`no ${selector} on ${page.url()}`);
    });
    const from = page.url();
    const before = blocked.length;
    // a navigation the browser refuses (Content-Security-Policy) never starts: fail at once rather than at the timeout
    let poll;
    const refused = new Promise((_, reject) => {
        poll = setInterval(() => blocked.length > before && reject(new Error('blocked by the browser')), 100);
    });
    try {
        await Promise.race([Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 15000 }), element.click()]), refused]);
    } catch (e) {
        throw new Error(`${selector} on ${from} led nowhere (${e.message})${blocked.length > before ? `: ${blocked.slice(before).join(' | ')}` : ''}`);
    } finally {
        clearInterval(poll);
    }
}

/** From a Guestpass page with a sign-in button, through the stand-in's sign-in page, as the given address. */
async function signIn(page, address, language, checkStandIn = false) {
    await clickAndWait(page, 'main .actions a.primary');
    await page.waitForSelector('input[name=email]', { timeout: 10000 }).catch(() => {
        throw new Error(`expected the stand-in's sign-in page, got ${page.url()}`);
    });
    if (checkStandIn) {
        await check(page, language, 'Microsoft stand-in: sign in', { standIn: true });
    }
    await page.$eval('input[name=email]', (input, value) => { input.value = value; }, address);
    await clickAndWait(page, 'button[type=submit]');
}

function expect(page, what, condition) {
    if (!condition) {
        throw new Error(`expected ${what}, got ${page.url()}`);
    }
}

async function has(page, selector) {
    return (await page.$(selector)) !== null;
}

// ---------------------------------------------------------------------------------------------------------- journeys

async function redemption(page, token, language) {
    const invited = language.invited;
    const invitation = await invite(token, invited, language.messageLanguage);

    await go(page, invitation.inviteRedeemUrl);
    expect(page, 'the redeem start page', new URL(page.url()).pathname === '/redeem/start' && await has(page, 'main .actions a.primary'));
    await check(page, language, 'redeem: start', { shot: 'redeem-start' });

    await signIn(page, ANOTHER_ACCOUNT, language, true);
    expect(page, 'the mismatch page', !await has(page, 'form[action$="/redeem/accept"]') && await has(page, 'main .actions a'));
    await check(page, language, 'redeem: another account than invited', { shot: 'redeem-mismatch' });

    await go(page, invitation.inviteRedeemUrl);
    await signIn(page, invited, language);
    expect(page, 'the consent page', await has(page, 'form[action$="/redeem/accept"]'));
    await check(page, language, 'redeem: consent', { shot: 'redeem-consent' });

    await clickAndWait(page, 'form[action$="/redeem/decline"] button');
    await check(page, language, 'redeem: declined');

    await go(page, invitation.inviteRedeemUrl);
    await signIn(page, invited, language);
    await clickAndWait(page, 'form[action$="/redeem/accept"] button');
    expect(page, `the invitation's redirect to ${APP_ORIGIN}`, page.url().startsWith(APP_ORIGIN));

    await go(page, invitation.inviteRedeemUrl);
    await check(page, language, 'redeem: already accepted');

    await go(page, `${BASE}/redeem?ticket=${'x'.repeat(43)}`);
    await check(page, language, 'redeem: unknown link');

    await go(page, `${BASE}/redeem?ticket=a11y`);
    await check(page, language, 'redeem: malformed link');

    const revoked = await invite(token, language.revoked, language.messageLanguage);
    await api(token, 'DELETE', `/v1.0/invitations/${revoked.id}`);
    await go(page, revoked.inviteRedeemUrl);
    await check(page, language, 'redeem: withdrawn invitation');

    await page.deleteCookie(...await page.cookies(`${BASE}/redeem`));
    await go(page, `${BASE}/redeem/start`);
    await check(page, language, 'redeem: page state expired');

    await go(page, `${BASE}/redeem/signin-error`);
    await check(page, language, 'redeem: sign-in did not complete');
    return invited;
}

async function appSignIn(page, token, language, application, acceptedGuest) {
    const authorize = (clientId) => `${BASE}/${DIRECTORY}/oauth2/v2.0/authorize?` + new URLSearchParams({
        client_id: clientId, redirect_uri: APP_REDIRECT, response_type: 'code', scope: 'openid profile email',
        state: `a11y-${RUN}`, nonce: `a11y-${RUN}`,
    });

    await go(page, authorize(application.appId));
    expect(page, 'the provider page', await has(page, 'main .actions a.primary'));
    await check(page, language, 'app sign-in: provider page', { shot: 'app-signin' });

    await signIn(page, NOT_INVITED, language);
    expect(page, 'the no-access page', await has(page, 'form[action$="/signin/cancel"]') && !await has(page, 'form[action$="/signin/accept"]'));
    await check(page, language, 'app sign-in: no access', { shot: 'app-no-access' });

    await go(page, authorize(application.appId));
    await signIn(page, acceptedGuest, language);
    expect(page, `a code at ${APP_REDIRECT}`, page.url().startsWith(APP_REDIRECT) && new URL(page.url()).searchParams.has('code'));

    await go(page, authorize('00000000-0000-0000-0000-000000000000'));
    await check(page, language, 'app sign-in: request that cannot be answered');

    await page.deleteCookie(...await page.cookies(`${BASE}/signin`));
    await go(page, `${BASE}/signin/error`);
    await check(page, language, 'app sign-in: sign-in did not complete');

    const pending = language.pending;
    await invite(token, pending, language.messageLanguage);
    await go(page, authorize(application.appId));
    await signIn(page, pending, language);
    expect(page, 'the inline acceptance page', await has(page, 'form[action$="/signin/accept"]'));
    await check(page, language, 'app sign-in: accept the pending invitation');
    await clickAndWait(page, 'form[action$="/signin/accept"] button');
    expect(page, `a code at ${APP_REDIRECT}`, page.url().startsWith(APP_REDIRECT) && new URL(page.url()).searchParams.has('code'));
}

// ------------------------------------------------------------------------------------------------------------- sign-up

// The API connector of the check's user flow, as an organization would run one (Entra's contract): it blocks addresses
// that start with "blocked.", fails (HTTP 500) for "broken.", and refuses the city Atlantis after attribute collection.
const CONNECTOR_USER = 'a11y-check';
const CONNECTOR_PASSWORD = `a11y-${RUN}-connector-password`;
const BLOCKED = 'blocked.person@outlook.com';
const BROKEN = 'broken.connector@outlook.com';
const REFUSED_CITY = 'Atlantis';

function startConnector() {
    const expected = 'Basic ' + Buffer.from(`${CONNECTOR_USER}:${CONNECTOR_PASSWORD}`).toString('base64');
    const server = createServer((request, response) => {
        let body = '';
        request.on('data', chunk => { body += chunk; });
        request.on('end', () => {
            const answer = (status, json) => {
                response.writeHead(status, { 'Content-Type': 'application/json' });
                response.end(JSON.stringify({ version: '1.0.0', ...json }));
            };
            if (request.headers.authorization !== expected) {
                return answer(401, {});
            }
            const claims = JSON.parse(body);
            const dutch = (claims.ui_locales ?? '').startsWith('nl');
            if (claims.email?.startsWith('broken.')) {
                return answer(500, {});
            }
            if (claims.step === 'PostFederationSignup' && claims.email?.startsWith('blocked.')) {
                return answer(200, { action: 'ShowBlockPage', userMessage: dutch
                    ? 'Registreren kan alleen met een adres van een partnerorganisatie. Vraag uw contactpersoon om een uitnodiging.'
                    : 'Only addresses of partner organizations can sign up. Ask your contact for an invitation.' });
            }
            if (claims.step === 'PostAttributeCollection' && claims.city === REFUSED_CITY) {
                return answer(400, { status: 400, action: 'ValidationError', userMessage: dutch
                    ? `We werken niet in ${REFUSED_CITY}. Vul de stad in waar u werkt.`
                    : `We don't work in ${REFUSED_CITY}. Enter the city you work in.` });
            }
            return answer(200, { action: 'Continue' });
        });
    });
    return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A custom attribute, created on the first run (its id is derived from its name, so later runs find it). */
async function customAttribute(token, displayName, dataType) {
    const response = await fetch(`${BASE}/v1.0/identity/userFlowAttributes`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ displayName, dataType, description: 'Asked by the accessibility check' }),
    });
    if (response.status === 409) {
        return (await api(token, 'GET', '/v1.0/identity/userFlowAttributes')).value.find(a => a.displayName === displayName).id;
    }
    if (!response.ok) {
        throw new Error(`POST userFlowAttributes ${displayName}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()).id;
}

/**
 * A user flow asking with every kind of input (text, list, radio group, checkboxes, date, number, yes/no), both API
 * connector steps bound to the check's connector, and an application linked to it.
 */
async function signUpSetUp(token, connectorUrl) {
    const choices = (...names) => names.map(name => ({ name, value: name, isDefault: false }));
    const team = await customAttribute(token, 'A11yCheckTeam', 'string');
    const languages = await customAttribute(token, 'A11yCheckLanguages', 'stringCollection');
    const since = await customAttribute(token, 'A11yCheckPartnerSince', 'dateTime');
    const employees = await customAttribute(token, 'A11yCheckEmployees', 'int64');
    const newsletter = await customAttribute(token, 'A11yCheckNewsletter', 'boolean');
    const flow = await api(token, 'POST', '/v1.0/identity/b2xUserFlows',
        { id: `A11yCheck${RUN}`, userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 1 });
    const assign = (attribute, displayName, userInputType, isOptional, userAttributeValues) => api(token, 'POST',
        `/v1.0/identity/b2xUserFlows/${flow.id}/userAttributeAssignments`,
        { userAttribute: { id: attribute }, displayName, userInputType, isOptional, userAttributeValues });
    await assign('email', 'Email address', 'emailBox', false);
    await assign('city', 'City', 'textBox', false);
    await assign('jobTitle', 'Job title', 'dropdownSingleSelect', false, choices('Buyer', 'Engineer'));
    await assign(team, 'Team', 'radioSingleSelect', false, choices('Sales', 'Support'));
    await assign(languages, 'Languages you work in', 'checkboxMultiSelect', true, choices('English', 'Dutch'));
    await assign(since, 'Partner since', 'dateTimeDropdown', true);
    await assign(employees, 'Number of employees', 'textBox', true);
    await assign(newsletter, 'Newsletter', 'radioSingleSelect', true);
    const connector = await api(token, 'POST', '/v1.0/identity/apiConnectors', {
        displayName: 'Accessibility check connector', targetUrl: connectorUrl,
        authenticationConfiguration: { '@odata.type': '#microsoft.graph.basicAuthentication', username: CONNECTOR_USER, password: CONNECTOR_PASSWORD },
    });
    const setUp = { flow: flow.id, connector: connector.id, employees, team };
    for (const step of ['postFederationSignup', 'postAttributeCollection']) {
        await api(token, 'PUT', `/v1.0/identity/b2xUserFlows/${flow.id}/apiConnectorConfiguration/${step}/$ref`,
            { '@odata.id': `${BASE}/v1.0/identity/apiConnectors/${connector.id}` });
    }
    setUp.application = await api(token, 'POST', '/v1.0/applications', {
        displayName: 'Contoso partner portal', web: { redirectUris: [APP_REDIRECT] },
    });
    await api(token, 'POST', `/v1.0/identity/b2xUserFlows/${flow.id}/applications/$ref`,
        { '@odata.id': `${BASE}/v1.0/applications/${setUp.application.id}` });
    return setUp;
}

/** The flow first: a connector a flow still calls is not deleted. */
async function signUpCleanUp(token, signUp) {
    await api(token, 'DELETE', `/v1.0/identity/b2xUserFlows/${signUp.flow}`).catch(() => {});
    await api(token, 'DELETE', `/v1.0/identity/apiConnectors/${signUp.connector}`).catch(() => {});
    await api(token, 'DELETE', `/v1.0/applications/${signUp.application.id}`).catch(() => {});
}

async function selfServiceSignUp(token, isEnabled) {
    await api(token, 'PATCH', '/v1.0/policies/authenticationFlowsPolicy', { selfServiceSignUp: { isEnabled } });
}

async function signUpJourney(page, token, language, signUp) {
    const create = () => `${BASE}/${DIRECTORY}/oauth2/v2.0/authorize?` + new URLSearchParams({
        client_id: signUp.application.appId, redirect_uri: APP_REDIRECT, response_type: 'code', scope: 'openid profile email',
        state: `a11y-${RUN}`, nonce: `a11y-${RUN}`, prompt: 'create',
    });
    const form = 'form[action$="/signup/attributes"]';
    const submit = `${form} button[type=submit]`;
    const field = name => `${form} [name="${name}"]`;

    await selfServiceSignUp(token, false);
    await go(page, create());
    await check(page, language, 'sign-up: switched off');
    await selfServiceSignUp(token, true);

    await go(page, `${BASE}/signup/B2X_1_NoSuchFlow?` + new URLSearchParams({ client_id: signUp.application.appId, redirect_uri: APP_REDIRECT }));
    await check(page, language, 'sign-up: no such flow');

    await go(page, create());
    expect(page, 'the sign-up provider page', await has(page, 'main .actions a.primary[href^="/signup/provider/"]'));
    await check(page, language, 'sign-up: provider page', { shot: 'signup-start' });

    await signIn(page, language.signsUp, language);
    expect(page, 'the attribute page', await has(page, form) && !await has(page, '.summary'));
    await check(page, language, 'sign-up: attribute page', { shot: 'signup-attributes' });

    // nothing chosen and a number that is not one: an error at each field, and the summary linking to them
    await page.type(field(signUp.employees), 'twelve');
    await clickAndWait(page, submit);
    expect(page, 'the attribute page with errors', await has(page, '.summary a[href="#field-city"]') && await has(page, '#field-city-error'));
    await check(page, language, 'sign-up: attribute page with errors', { shot: 'signup-attributes-errors' });

    // everything filled in, but the connector refuses the city: its message in the summary, no field in error
    await page.type(field('city'), REFUSED_CITY);
    await page.select(field('jobTitle'), 'Engineer');
    await page.click(`${form} input[name="${signUp.team}"][value="Support"]`);
    await page.$eval(field(signUp.employees), input => { input.value = '12'; });
    await clickAndWait(page, submit);
    expect(page, "the attribute page with the connector's message", await has(page, '.summary') && !await has(page, '.summary a'));
    await check(page, language, "sign-up: attribute page with a connector's message");

    await page.$eval(field('city'), input => { input.value = 'Utrecht'; });
    await clickAndWait(page, submit);
    expect(page, `a code at ${APP_REDIRECT}`, page.url().startsWith(APP_REDIRECT) && new URL(page.url()).searchParams.has('code'));

    await go(page, create());
    await signIn(page, BLOCKED, language);
    expect(page, 'the blocked page', !await has(page, form) && (await page.$eval('main', m => m.innerText)).includes('partner'));
    await check(page, language, 'sign-up: blocked by the connector');

    await go(page, create());
    await signIn(page, BROKEN, language);
    expect(page, 'the connector-failed page', !await has(page, form) && !await has(page, 'main .actions'));
    await check(page, language, 'sign-up: connector failed');

    await page.deleteCookie(...await page.cookies(`${BASE}/signup`));
    await go(page, `${BASE}/signup/error`);
    await check(page, language, 'sign-up: sign-in did not complete');
}

// -------------------------------------------------------------------------------------------------------------- main

const token = await adminToken();
await deleteGuests(token, LANGUAGES.flatMap(l => [l.invited, l.pending, l.revoked, l.signsUp]));
// sign-up is switched on for the check (and back as it was afterwards)
const signUpWas = (await api(token, 'GET', '/v1.0/policies/authenticationFlowsPolicy')).selfServiceSignUp.isEnabled;
const connector = await startConnector();
const signUp = await signUpSetUp(token, `http://127.0.0.1:${connector.address().port}/a11y-connector`);
await api(token, 'PATCH', '/v1.0/policies/invitationPolicy', { allowedRedirectOrigins: [APP_ORIGIN] });
// the pages are checked (and photographed) branded, as an organization would run them
await api(token, 'PATCH', `/v1.0/organization/${DIRECTORY}/branding`, {
    signInPageText: 'Questions? The Contoso help desk answers on +31 20 123 4567.', backgroundColor: '#0B5CAD',
});
await fetch(`${BASE}/v1.0/organization/${DIRECTORY}/branding/localizations/0/bannerLogo`, {
    method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' },
    body: await readFile(new URL('./logo.png', import.meta.url)),
}).then(r => { if (!r.ok) throw new Error(`PUT bannerLogo: ${r.status}`); });
const application = await api(token, 'POST', '/v1.0/applications', {
    displayName: 'Contoso portal', web: { redirectUris: [APP_REDIRECT] },
});
if (SHOTS) {
    await mkdir(SHOTS, { recursive: true });
}
debug('admin set-up done');
const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage', '--font-render-hinting=none'],
});
debug('browser up');
const failures = [];
try {
    for (const language of LANGUAGES) {
        // one browser profile per language, so that cookies of one journey never help the other
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        await page.setExtraHTTPHeaders({ 'Accept-Language': language.header });
        await page.setViewport({ width: WIDTHS[0].width, height: WIDTHS[0].height });
        await page.setRequestInterception(true);
        page.on('request', request => request.url().startsWith(APP_ORIGIN)
            ? request.respond({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>application</title>' })
            : request.continue());
        page.on('console', message => {
            if (/Content Security Policy/i.test(message.text())) {
                blocked.push(`${page.url()}: ${message.text().trim()}`);
            }
        });
        if (process.env.A11Y_DEBUG) {
            page.on('response', r => debug(`${r.request().method()} ${r.url()} ${r.status()}`));
        }
        try {
            const guest = await redemption(page, token, language);
            await appSignIn(page, token, language, application, guest);
            await signUpJourney(page, token, language, signUp);
        } catch (e) {
            failures.push(`[${language.code}] ${e.message}`);
        }
        await context.close();
    }
} finally {
    await browser.close();
    await api(token, 'DELETE', `/v1.0/applications/${application.id}`).catch(() => {});
    await signUpCleanUp(token, signUp);
    await selfServiceSignUp(token, signUpWas).catch(() => {});
    connector.close();
}

let violations = 0;
for (const r of results) {
    for (const v of r.violations) {
        violations++;
        console.log(`VIOLATION ${r.name} [${r.language}, ${r.width}px] ${r.path}: ${v.id} (${v.impact}) ${v.help}`);
        for (const node of v.nodes) {
            console.log(`    ${node.target.join(' ')}  ${node.html.slice(0, 160)}`);
            console.log(`      ${node.failureSummary.replace(/\n/g, ' ')}`);
        }
    }
}
const pages = new Set(results.map(r => r.name)).size;
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`axe-core ${JSON.parse(await readFile(createRequire(import.meta.url).resolve('axe-core/package.json'), 'utf8')).version}: `
    + `${pages} pages × ${LANGUAGES.length} languages × ${WIDTHS.length} widths = ${results.length} checks, ${violations} violations, ${seconds} s`);
for (const refusal of blocked) {
    console.log(`BLOCKED ${refusal}`);
}
for (const failure of failures) {
    console.log(`JOURNEY FAILED ${failure}`);
}
process.exit(failures.length || violations || blocked.length ? 1 : 0);
