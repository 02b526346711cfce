package io.guestpass.passcode;

import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.mail.Outbox;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The passcode pages as a browser takes them, and the mail as the worker sends it through the test SMTP server. */
public final class PasscodeBrowser {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{8})\\b");

    private PasscodeBrowser() {
    }

    /** The worker's delivery step: what the journeys queued goes out through SMTP. */
    static void workerSendsMail() {
        Outbox outbox = Arc.container().instance(Outbox.class).get();
        await(() -> outbox.deliverDue(50));
    }

    /** Runs service-level work as a request would (on a Vert.x context), for scenarios below the pages. */
    static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The passcode mails received for an address, oldest first. */
    public static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(GuestpassTestResources.smtp().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equalsIgnoreCase(address) && m.getSubject().matches(".*[0-9]{8}$");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The worker sends, and the newest code mailed to the address is read from its body. */
    public static String newestCodeFor(String address) throws Exception {
        workerSendsMail();
        List<MimeMessage> mails = mailsTo(address);
        assertTrue(!mails.isEmpty(), "a passcode mail to " + address);
        Matcher code = CODE.matcher(text(mails.get(mails.size() - 1)));
        assertTrue(code.find(), "a code in the mail");
        return code.group(1);
    }

    /** The plain-text part of a mail, decoded. */
    static String text(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = text(multipart.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    public static HtmlPage typeAddress(HtmlPage page, String address) throws IOException {
        ((HtmlInput) page.getHtmlElementById("field-email")).setValue(address);
        return press(page, "Send code");
    }

    public static HtmlPage typeCode(HtmlPage codePage, String code) throws IOException {
        ((HtmlInput) codePage.getHtmlElementById("field-code")).setValue(code);
        return press(codePage, "Continue");
    }

    public static <P extends Page> P press(HtmlPage page, String label) throws IOException {
        for (HtmlForm form : page.getForms()) {
            for (HtmlButton button : form.getElementsByTagName("button").stream().map(HtmlButton.class::cast).toList()) {
                if (button.asNormalizedText().equals(label)) {
                    return button.click();
                }
            }
        }
        throw new AssertionError("no button '" + label + "' on " + page.asNormalizedText());
    }
}
