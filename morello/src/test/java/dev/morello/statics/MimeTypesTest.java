package dev.morello.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped MIME table: what browsers need, text with a charset, the unknown as octets. */
class MimeTypesTest {

    @ParameterizedTest
    @CsvSource({
        "index.html, text/html;charset=utf-8",
        "page.htm, text/html;charset=utf-8",
        "site.css, text/css;charset=utf-8",
        "app.js, text/javascript;charset=utf-8",
        "module.mjs, text/javascript;charset=utf-8",
        "data.json, application/json;charset=utf-8",
        "app.js.map, application/json;charset=utf-8",
        "notes.txt, text/plain;charset=utf-8",
        "table.csv, text/csv;charset=utf-8",
        "feed.xml, application/xml;charset=utf-8",
        "logo.svg, image/svg+xml;charset=utf-8",
        "README.md, text/markdown;charset=utf-8",
        "site.webmanifest, application/manifest+json;charset=utf-8",
        "feed.atom, application/atom+xml;charset=utf-8",
        "photo.png, image/png",
        "photo.jpg, image/jpeg",
        "photo.jpeg, image/jpeg",
        "anim.gif, image/gif",
        "photo.webp, image/webp",
        "photo.avif, image/avif",
        "favicon.ico, image/x-icon",
        "old.bmp, image/bmp",
        "font.woff, font/woff",
        "font.woff2, font/woff2",
        "font.ttf, font/ttf",
        "font.otf, font/otf",
        "font.eot, application/vnd.ms-fontobject",
        "module.wasm, application/wasm",
        "doc.pdf, application/pdf",
        "archive.zip, application/zip",
        "archive.tar.gz, application/gzip",
        "archive.tar, application/x-tar",
        "song.mp3, audio/mpeg",
        "movie.mp4, video/mp4",
        "movie.webm, video/webm",
        "sound.ogg, audio/ogg",
        "sound.wav, audio/wav",
        "sound.opus, audio/ogg",
        "clip.mov, video/quicktime",
        "cap.vtt, text/vtt;charset=utf-8",
        "plan.dwg, image/x-dwg",
    })
    void knownExtensions(String name, String type) {
        assertEquals(type, MimeTypes.forName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"STYLE.CSS", "Style.Css", "/srv/x/style.CSS", "C:\\site\\style.css"})
    void extensionsAreCaseInsensitiveAndPathsAreFine(String name) {
        assertEquals("text/css;charset=utf-8", MimeTypes.forName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file.unknownext", "Makefile", ".bashrc", "..", "name.", "", "dir.d/file"})
    void unknownIsOctetStream(String name) {
        assertEquals("application/octet-stream", MimeTypes.forName(name));
    }

    @Test
    void nullIsOctetStream() {
        assertEquals("application/octet-stream", MimeTypes.forName(null));
    }

    @Test
    void overridesComeFirstAndAreSentAsGiven() {
        Map<String, String> o = Map.of("txt", "text/x-notes", ".LOG", "text/x-log", "css", "text/css;charset=latin1");
        assertEquals("text/x-notes", MimeTypes.forName("a.txt", o));
        assertEquals("text/x-notes", MimeTypes.forName("a.TXT", o));
        assertEquals("text/x-log", MimeTypes.forName("server.log", o));
        assertEquals("text/css;charset=latin1", MimeTypes.forName("a.css", o));
        assertEquals("image/png", MimeTypes.forName("a.png", o));
        assertEquals("image/png", MimeTypes.forName("a.png", null));
    }

    @ParameterizedTest
    @CsvSource({
        "text/anything, true", "application/json, true", "application/ld+json, true", "image/svg+xml, true",
        "application/xml, true", "application/javascript, true", "image/png, false",
        "application/octet-stream, false", "application/wasm, false", "font/woff2, false",
    })
    void textTypes(String type, boolean text) {
        assertEquals(text, MimeTypes.isText(type));
    }
}
