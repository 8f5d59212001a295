package dev.handoff.report;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a report page back: parses it as XML (it must be well-formed) and finds its charts, legends and rows. */
public final class ReportPages {
    private static final Pattern RGB = Pattern.compile("(stroke|fill):\\s*rgb\\((\\d+),\\s*(\\d+),\\s*(\\d+)\\)");

    private ReportPages() {
    }

    /** Parses the page with the JDK's XML parser (no DTD, no external entity is loaded); fails when not well-formed. */
    public static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new InputSource(new StringReader(html)));
    }

    public static List<Element> elements(Node root, String tag) {
        NodeList list = root instanceof Document d ? d.getElementsByTagName(tag) : ((Element) root).getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** The chart figures by metric key, in page order. */
    public static Map<String, Element> figures(Document doc) {
        Map<String, Element> out = new LinkedHashMap<>();
        for (Element f : elements(doc, "figure")) {
            out.put(f.getAttribute("data-metric"), f);
        }
        return out;
    }

    /** The run ids of a figure's legend, in order. */
    public static List<String> legend(Element figure) {
        List<String> ids = new ArrayList<>();
        for (Element li : elements(figure, "li")) {
            ids.add(li.getAttribute("data-run-id"));
        }
        return ids;
    }

    /** Run id → the colour of its swatch in the runs table, e.g. {@code #4e79a7}. */
    public static Map<String, String> runColours(Document doc) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element tr : elements(doc, "tr")) {
            if (!tr.hasAttribute("data-run-id")) {
                continue;
            }
            for (Element span : elements(tr, "span")) {
                String style = span.getAttribute("style");
                if (style.startsWith("background:")) {
                    out.put(tr.getAttribute("data-run-id"), style.substring("background:".length()));
                }
            }
        }
        return out;
    }

    /**
     * The paths an SVG draws in {@code hex} (e.g. {@code #4e79a7}): JFreeSVG wraps each drawn shape in a {@code <g>}
     * whose style sets the stroke (a line) or fill (a marker) colour.
     *
     * @param kind "stroke" or "fill"
     */
    public static List<Element> paths(Element svg, String kind, String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        List<Element> out = new ArrayList<>();
        for (Element g : elements(svg, "g")) {
            Matcher m = RGB.matcher(g.getAttribute("style"));
            while (m.find()) {
                int c = Integer.parseInt(m.group(2)) << 16 | Integer.parseInt(m.group(3)) << 8 | Integer.parseInt(m.group(4));
                if (m.group(1).equals(kind) && c == rgb) {
                    for (Node n = g.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n instanceof Element e && e.getTagName().equals("path")) {
                            out.add(e);
                        }
                    }
                }
            }
        }
        return out;
    }
}
