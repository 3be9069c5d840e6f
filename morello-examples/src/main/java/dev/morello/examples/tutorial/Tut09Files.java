package dev.morello.examples.tutorial;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Part;
import dev.morello.statics.Static;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Tutorial 9, files: an upload and a download.
 *
 * <p><b>Uploads.</b> A file sent with a form ({@code enctype="multipart/form-data"} and an
 * {@code <input type="file">}) arrives as a {@link Part} parameter, named as the form's field:
 * its file name, its type and its content, which a large upload keeps in a temporary file rather
 * than in memory. To keep the file, copy it somewhere ({@link Part#transferTo}).
 *
 * <p><b>Downloads.</b> A handler may return an {@code InputStream} or a {@code Path}, and the
 * client shows what it gets. To have it saved instead, {@link Static#serveFile} sends the file
 * with a {@code Content-Disposition} of {@code attachment} and the name to save it under; the
 * type {@code application/x-download} makes browsers offer to save it.
 */
public final class Tut09Files {
    private Tut09Files() {
    }

    /** A form to upload a file, and a file to download. */
    public static class FileDemo {
        private final Path download;

        /** Offers the PDF shipped with the examples for download. */
        public FileDemo() {
            this(TutorialFiles.file("pdf_file.pdf"));
        }

        /** Offers the file {@code download} (an absolute path) for download. */
        public FileDemo(Path download) {
            this.download = download;
        }

        /** The upload form and the download link. */
        @Expose
        public String index() {
            return "\n        <html><body>"
                    + "\n            <h2>Upload a file</h2>"
                    + "\n            <form action=\"upload\" method=\"post\" enctype=\"multipart/form-data\">"
                    + "\n            filename: <input type=\"file\" name=\"myFile\" /><br />"
                    + "\n            <input type=\"submit\" />"
                    + "\n            </form>"
                    + "\n            <h2>Download a file</h2>"
                    + "\n            <a href='download'>This one</a>"
                    + "\n        </body></html>"
                    + "\n        ";
        }

        /**
         * What came: the size, the name and the type of the file. It counts the bytes a block at
         * a time, the way to read a large file without holding it all.
         */
        @Expose
        public String upload(Part myFile) throws IOException {
            long size = 0;
            byte[] block = new byte[8192];
            try (InputStream in = myFile.open()) {
                for (int n = in.read(block); n >= 0; n = in.read(block)) {
                    size += n;
                }
            }
            return "<html>"
                    + "\n        <body>"
                    + "\n            myFile length: " + size + "<br />"
                    + "\n            myFile filename: " + Tut03GetAndPost.escape(myFile.filename()) + "<br />"
                    + "\n            myFile mime-type: " + Tut03GetAndPost.escape(myFile.contentType())
                    + "\n        </body>"
                    + "\n        </html>";
        }

        /** The file, to be saved under its own name. */
        @Expose
        public void download() {
            Static.serveFile(download, "application/x-download", "attachment", download.getFileName().toString());
        }
    }

    /** Serves a FileDemo at "/". */
    public static void main(String[] args) {
        Morello.quickstart(new FileDemo());
    }
}
