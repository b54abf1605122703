// Warm-loop timing of a two-stage XSLT pipeline under Saxon-HE (s9api), for `bench/saxon.ts`.
// Compiled at bench time against the Saxon-HE jar; nothing of it is shipped.
//
// Arguments: <stage1.xsl> <stage2.xsl> <warmupMs> <measureMs> <minRuns> <outputDir> <paramCount>
//            <name=value>... <input.xml>...
// Output (stdout, one JSON object per line): first {"compileMs":..}, then per input
// {"input":"..","runs":n,"medianMs":..,"minMs":..,"maxMs":..,"medianCpuMs":..,"outputChars":n,"messages":n}
// (medianCpuMs: CPU time of the transforming thread, so JIT and GC threads are not counted).
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Serializer;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.XsltTransformer;

public final class SaxonBench {
  private static int messages = 0;

  public static void main(String[] args) throws Exception {
    Processor processor = new Processor(false);
    XsltCompiler compiler = processor.newXsltCompiler();
    long t0 = System.nanoTime();
    XsltExecutable stage1 = compiler.compile(new StreamSource(new File(args[0])));
    XsltExecutable stage2 = compiler.compile(new StreamSource(new File(args[1])));
    double compileMs = (System.nanoTime() - t0) / 1e6;
    long warmupMs = Long.parseLong(args[2]);
    long measureMs = Long.parseLong(args[3]);
    int minRuns = Integer.parseInt(args[4]);
    File outputDir = new File(args[5]);
    int paramCount = Integer.parseInt(args[6]);
    Map<QName, XdmAtomicValue> params = new LinkedHashMap<>();
    for (int k = 0; k < paramCount; k++) {
      String p = args[7 + k];
      int eq = p.indexOf('=');
      params.put(new QName(p.substring(0, eq)), new XdmAtomicValue(p.substring(eq + 1)));
    }
    System.out.println("{\"compileMs\":" + compileMs + "}");
    System.out.flush();
    for (int k = 7 + paramCount; k < args.length; k++) {
      File file = new File(args[k]);
      byte[] input = Files.readAllBytes(file.toPath());
      String systemId = file.toURI().toString();
      messages = 0;
      String out = "";
      long start = System.nanoTime();
      int warm = 0;
      while (warm < 1 || (System.nanoTime() - start) / 1e6 < warmupMs) {
        out = run(processor, stage1, stage2, params, input, systemId, outputDir);
        warm++;
      }
      List<Double> times = new ArrayList<>();
      List<Double> cpuTimes = new ArrayList<>();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      start = System.nanoTime();
      while (times.size() < minRuns || (System.nanoTime() - start) / 1e6 < measureMs) {
        long c = threads.getCurrentThreadCpuTime();
        long s = System.nanoTime();
        out = run(processor, stage1, stage2, params, input, systemId, outputDir);
        times.add((System.nanoTime() - s) / 1e6);
        cpuTimes.add((threads.getCurrentThreadCpuTime() - c) / 1e6);
      }
      List<Double> sorted = new ArrayList<>(times);
      Collections.sort(sorted);
      int n = sorted.size();
      double median = median(sorted);
      Collections.sort(cpuTimes);
      double cpuMedian = median(cpuTimes);
      System.out.println(
          "{\"input\":\"" + file.getName().replace("\"", "") + "\",\"runs\":" + n + ",\"medianMs\":" + median
              + ",\"minMs\":" + sorted.get(0) + ",\"maxMs\":" + sorted.get(n - 1) + ",\"medianCpuMs\":" + cpuMedian + ",\"outputChars\":"
              + out.length() + ",\"messages\":" + messages + "}");
      System.out.flush();
    }
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** One HL7v3 answer through both stages; returns the serialised output of stage 2. */
  private static String run(
      Processor processor,
      XsltExecutable stage1,
      XsltExecutable stage2,
      Map<QName, XdmAtomicValue> params,
      byte[] input,
      String systemId,
      File outputDir)
      throws SaxonApiException {
    XsltTransformer t1 = stage1.load();
    t1.setSource(new StreamSource(new ByteArrayInputStream(input), systemId));
    t1.setBaseOutputURI(new File(outputDir, "stage1.xml").toURI().toString());
    t1.setMessageListener((content, terminate, locator) -> messages++);
    params.forEach(t1::setParameter);
    XdmDestination intermediate = new XdmDestination();
    t1.setDestination(intermediate);
    t1.transform();
    XsltTransformer t2 = stage2.load();
    t2.setInitialContextNode(intermediate.getXdmNode());
    t2.setBaseOutputURI(new File(outputDir, "stage2.xml").toURI().toString());
    t2.setMessageListener((content, terminate, locator) -> messages++);
    params.forEach(t2::setParameter);
    StringWriter text = new StringWriter();
    Serializer serializer = processor.newSerializer(text);
    t2.setDestination(serializer);
    t2.transform();
    return text.toString();
  }
}
