package io.guestpass.mail;

import io.guestpass.platform.GuestpassConfig;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.model.Attachment;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentDisposition;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

import java.time.Duration;

/**
 * Amazon SES v2 with the function's IAM role (no keys in configuration). The client is built on first use, not at
 * start-up, so that functions that never send mail never pay for it.
 */
@ApplicationScoped
@LookupIfProperty(name = "guestpass.mail.transport", stringValue = "ses")
public class SesMailTransport implements MailTransport {

    private final GuestpassConfig config;
    private volatile SesV2Client client;

    SesMailTransport(GuestpassConfig config) {
        this.config = config;
    }

    @Override
    public Uni<Void> send(OutgoingMail mail) {
        return Uni.createFrom().item(() -> {
            Message.Builder message = Message.builder()
                    .subject(utf8(mail.subject()))
                    .body(Body.builder().html(utf8(mail.html())).text(utf8(mail.text())).build())
                    .headers(MessageHeader.builder().name("Message-ID").value(mail.messageId()).build());
            if (mail.logo() != null) {
                message.attachments(inline(mail.logo()));
            }
            SendEmailRequest.Builder request = SendEmailRequest.builder()
                    .fromEmailAddress(mail.from())
                    .destination(Destination.builder().toAddresses(mail.to()).build())
                    .content(EmailContent.builder().simple(message.build()).build());
            config.mail().sesConfigurationSet().ifPresent(request::configurationSetName);
            client().sendEmail(request.build());
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Attachment inline(InlineImage image) {
        return Attachment.builder().rawContent(SdkBytes.fromByteArray(image.data())).contentType(image.contentType())
                .contentDisposition(AttachmentContentDisposition.INLINE).contentId(image.contentId()).fileName(image.fileName())
                .build();
    }

    private static Content utf8(String data) {
        return Content.builder().charset("UTF-8").data(data).build();
    }

    private SesV2Client client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = SesV2Client.builder()
                            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                                    .socketTimeout(Duration.ofSeconds(10)).build())
                            .build();
                }
            }
        }
        return client;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
