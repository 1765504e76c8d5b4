package io.vippair.cli.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * keepalived.conf as a tree of statements: a keyword, its arguments, and for a block the
 * statements inside its braces. Comments start with '#' or '!'; a '{' may end the line or start
 * the next one (the seed's vrrp_script puts it on its own line); quoted strings keep their spaces.
 */
public final class KeepalivedConf {

  /** One statement; children is null for a plain line, a list for a block. */
  public record Node(String keyword, List<String> args, List<Node> children, int line) {
    public String arg(int i) {
      return i < args.size() ? args.get(i) : null;
    }

    public List<Node> all(String kw) {
      return children == null ? List.of() : children.stream().filter(n -> n.keyword.equals(kw)).toList();
    }

    public Node first(String kw) {
      return all(kw).stream().findFirst().orElse(null);
    }
  }

  private record Token(String text, boolean quoted, int line) {
    boolean is(String s) {
      return !quoted && text.equals(s);
    }
  }

  private final List<Token> tokens;
  private int pos;

  private KeepalivedConf(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The top-level statements. A brace that is never closed is an IllegalArgumentException naming the line. */
  public static List<Node> parse(String text) {
    KeepalivedConf p = new KeepalivedConf(tokenize(text));
    List<Node> top = p.block(0);
    if (p.pos < p.tokens.size()) {
      throw new IllegalArgumentException("line " + p.tokens.get(p.pos).line + ": '}' without a matching '{'");
    }
    return top;
  }

  private List<Node> block(int openedAt) {
    List<Node> nodes = new ArrayList<>();
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (t.is("\n")) {
        pos++;
        continue;
      }
      if (t.is("}")) {
        if (openedAt == 0) {
          return nodes;
        }
        pos++;
        return nodes;
      }
      if (t.is("{")) { // an anonymous block: keep its contents
        pos++;
        nodes.addAll(block(t.line));
        continue;
      }
      List<String> words = new ArrayList<>();
      int line = t.line;
      while (pos < tokens.size() && !tokens.get(pos).is("\n") && !tokens.get(pos).is("{") && !tokens.get(pos).is("}")) {
        words.add(tokens.get(pos++).text);
      }
      int look = pos;
      while (look < tokens.size() && tokens.get(look).is("\n")) {
        look++;
      }
      List<Node> children = null;
      if (look < tokens.size() && tokens.get(look).is("{")) {
        pos = look + 1;
        children = block(line);
      }
      nodes.add(new Node(words.get(0), List.copyOf(words.subList(1, words.size())), children, line));
    }
    if (openedAt > 0) {
      throw new IllegalArgumentException("line " + openedAt + ": '{' is never closed");
    }
    return nodes;
  }

  private static List<Token> tokenize(String text) {
    List<Token> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.add(new Token("\n", false, line++));
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#' || c == '!') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '{' || c == '}') {
        out.add(new Token(String.valueOf(c), false, line));
        i++;
      } else if (c == '"') {
        int end = text.indexOf('"', i + 1);
        if (end < 0 || text.substring(i, end).contains("\n")) {
          throw new IllegalArgumentException("line " + line + ": a quoted string is not closed on its line");
        }
        out.add(new Token(text.substring(i + 1, end), true, line));
        i = end + 1;
      } else {
        int start = i;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "{}#!\"".indexOf(text.charAt(i)) < 0) {
          i++;
        }
        out.add(new Token(text.substring(start, i), false, line));
      }
    }
    return out;
  }
}
