package io.guestpass.redeem;

import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.GuestpassTestResources;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;

import java.io.IOException;
import java.net.URL;

/** The steps of the redeem flow as a browser takes them, for scenarios that need to stop or tamper in between. */
final class RedeemSteps {

    private RedeemSteps() {
    }

    static final String BASE = GuestpassTestResources.PUBLIC_BASE_URL;

    static HtmlPage open(Browser browser, String url) throws IOException {
        return browser.client().getPage(url);
    }

    /** Start page → Microsoft (signed in as {@code email} without its login page) → our next page. */
    static HtmlPage signIn(Browser browser, HtmlPage start, String email) throws IOException {
        GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
        return start.getAnchorByText("Sign in with Microsoft account").click();
    }

    static Page signInRaw(Browser browser, HtmlPage start, String email) throws IOException {
        GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
        return start.getAnchorByText("Sign in with Microsoft account").click();
    }

    /** Up to the provider's answer, not following it: the callback URL with code and state. */
    static String callbackFromProvider(Browser browser, String email) throws IOException {
        browser.client().getOptions().setRedirectEnabled(false);
        try {
            Page toProvider = browser.client().getPage(BASE + "/redeem/signin/msa");
            String authorize = toProvider.getWebResponse().getResponseHeaderValue("Location");
            GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
            Page back = browser.client().getPage(authorize);
            return back.getWebResponse().getResponseHeaderValue("Location");
        } finally {
            browser.client().getOptions().setRedirectEnabled(true);
        }
    }

    /** From the link to the provider's answer at our callback, not following the callback's redirect (redirects stay off). */
    static Page callbackResponse(Browser browser, String redeemUrl, String email) throws IOException {
        open(browser, redeemUrl);
        String callback = callbackFromProvider(browser, email);
        browser.client().getOptions().setRedirectEnabled(false);
        return browser.client().getPage(callback);
    }

    static HtmlPage get(Browser browser, String url) throws IOException {
        return browser.client().getPage(url);
    }

    static Page post(Browser browser, String path, String body) throws IOException {
        WebRequest request = new WebRequest(new URL(BASE + path), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/x-www-form-urlencoded");
        request.setRequestBody(body);
        return browser.client().getPage(request);
    }

    static HtmlPage pressButton(HtmlPage page, String label) throws IOException {
        for (HtmlForm form : page.getForms()) {
            for (HtmlButton button : form.getElementsByTagName("button").stream().map(HtmlButton.class::cast).toList()) {
                if (button.asNormalizedText().equals(label)) {
                    return button.click();
                }
            }
        }
        throw new AssertionError("no button '" + label + "' on " + page.asNormalizedText());
    }

    static String csrfOf(HtmlPage consent) {
        return consent.getForms().get(0).getInputByName("csrf").getValue();
    }
}
