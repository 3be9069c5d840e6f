package dev.morello.examples.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import dev.morello.test.WebResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tutorial 9 as CherryPy's {@code test09Files} checks it: an upload's size, name and type; a download. */
@MorelloTest
class Tut09FilesTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Tut09Files.FileDemo());
    }

    @Test
    void reportsTheUploadedFile(WebClient client) {
        int filesize = 5;
        String body = "--x\r\n"
                + "Content-Disposition: form-data; name=\"myFile\"; filename=\"hello.txt\"\r\n"
                + "Content-Type: text/plain\r\n"
                + "\r\n"
                + "a".repeat(filesize) + "\r\n"
                + "--x--\r\n";
        client.getPage("/upload", "POST", Map.of("Content-Type", "multipart/form-data; boundary=x"), body)
                .assertStatus(200)
                .assertBody("<html>\n"
                        + "        <body>\n"
                        + "            myFile length: " + filesize + "<br />\n"
                        + "            myFile filename: hello.txt<br />\n"
                        + "            myFile mime-type: text/plain\n"
                        + "        </body>\n"
                        + "        </html>");
    }

    @Test
    void takesTheBytesCherryPysTestSends(WebClient client) {
        String body = "--x\n"
                + "Content-Disposition: form-data; name=\"myFile\"; filename=\"hello.txt\"\r\n"
                + "Content-Type: text/plain\r\n"
                + "\r\n"
                + "aaaaa\n"
                + "--x--\n";
        client.sendRaw("POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .assertStatus(200).assertInBody("myFile length: 5<br />");
    }

    @Test
    void sendsTheFileAsADownload(WebClient client) throws IOException {
        WebResponse r = client.getPage("/download")
                .assertStatus(200)
                .assertHeader("Content-Type", "application/x-download")
                // the name is quoted
                .assertHeader("Content-Disposition", "attachment; filename=\"pdf_file.pdf\"");
        try (InputStream shipped = Tut09Files.class.getResourceAsStream("pdf_file.pdf")) {
            byte[] pdf = shipped.readAllBytes();
            assertEquals(pdf.length, r.bodyBytes().length);
            r.assertBody(pdf);
        }
    }
}
