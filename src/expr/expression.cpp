#include "expr/expression.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/text.hpp"

namespace fabscope::expr {

ParseError::ParseError(const std::string& reason, std::size_t column, std::string_view text)
    : std::invalid_argument(fmt::format("{} at character {} of '{}'", reason, column, text)),
      m_reason(reason),
      m_column(column) {}

// Shunting-yard: operands go straight to the output, operators wait on a stack until an
// operator of lower precedence (or a closing parenthesis, or the end) releases them.
class Expression::Parser {
 public:
  Parser(std::string_view text, Expression& out) : m_text(text), m_out(out) {}

  void run() {
    while (m_i < m_text.size()) {
      const char c = m_text[m_i];
      if (c == ' ') {
        ++m_i;
      } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 || (c == '.' && m_expect_operand)) {
        number();
      } else if (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_') {
        name();
      } else if (c == '(') {
        open();
      } else if (c == ')') {
        close();
      } else if (c == '+' || c == '-' || c == '*' || c == '/') {
        operation(c);
      } else {
        fail(fmt::format("unexpected character '{}'", c));
      }
    }
    finish();
  }

 private:
  static int precedence(char op) { return op == 'u' ? 3 : (op == '*' || op == '/') ? 2 : 1; }

  [[noreturn]] void fail(const std::string& why) const { throw ParseError(why, m_i + 1, m_text); }

  // Moves the operator on top of the stack to the output.
  void release() {
    m_out.m_rpn.push_back({m_ops.back(), 0, {}});
    m_ops.pop_back();
  }

  void number() {
    std::size_t j = m_i;
    while (j < m_text.size() && (std::isdigit(static_cast<unsigned char>(m_text[j])) != 0 || m_text[j] == '.')) ++j;
    const auto v = text::parse_double(m_text.substr(m_i, j - m_i));
    if (!v || !m_expect_operand) fail("unexpected number");
    m_out.m_rpn.push_back({'n', *v, {}});
    m_i = j;
    m_expect_operand = false;
  }

  void name() {
    std::size_t j = m_i;
    while (j < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[j])) != 0 || m_text[j] == '_')) ++j;
    if (!m_expect_operand) fail("unexpected name");
    const std::string var(m_text.substr(m_i, j - m_i));
    m_out.m_rpn.push_back({'v', 0, var});
    m_out.m_vars.push_back(var);
    m_i = j;
    m_expect_operand = false;
  }

  void open() {
    if (!m_expect_operand) fail("unexpected '('");
    m_ops.push_back('(');
    ++m_i;
  }

  void close() {
    if (m_expect_operand) fail("unexpected ')'");
    while (!m_ops.empty() && m_ops.back() != '(') release();
    if (m_ops.empty()) fail("unbalanced ')'");
    m_ops.pop_back();
    ++m_i;
  }

  // A binary operator, or a unary minus where an operand is expected.
  void operation(char c) {
    char op = c;
    if (m_expect_operand) {
      if (c != '-') fail("missing operand");
      op = 'u';
    }
    while (!m_ops.empty() && m_ops.back() != '(' && op != 'u' && precedence(m_ops.back()) >= precedence(op)) {
      release();
    }
    m_ops.push_back(op);
    m_expect_operand = true;
    ++m_i;
  }

  void finish() {
    if (m_expect_operand) fail("the formula ends without an operand");
    while (!m_ops.empty()) {
      if (m_ops.back() == '(') fail("unbalanced '('");
      release();
    }
  }

  std::string_view m_text;
  Expression& m_out;
  std::vector<char> m_ops;  // operators waiting, and '('
  std::size_t m_i = 0;      // position in the text
  bool m_expect_operand = true;
};

Expression Expression::parse(std::string_view text) {
  Expression e;
  Parser(text, e).run();
  return e;
}

double Expression::eval(const Lookup& lookup) const {
  std::vector<double> st;
  for (const auto& t : m_rpn) {
    if (t.op == 'n') {
      st.push_back(t.num);
    } else if (t.op == 'v') {
      st.push_back(lookup(t.var));
    } else if (t.op == 'u') {
      st.back() = -st.back();
    } else {
      const double b = st.back();
      st.pop_back();
      double& a = st.back();
      switch (t.op) {
        case '+':
          a += b;
          break;
        case '-':
          a -= b;
          break;
        case '*':
          a *= b;
          break;
        default:
          a = b == 0 ? text::kMissing : a / b;
      }
    }
  }
  return st.empty() ? text::kMissing : st.back();
}

double Expression::eval(const Variables& vars) const {
  return eval([&vars](const std::string& name) {
    const auto it = vars.find(name);
    return it == vars.end() ? text::kMissing : it->second;
  });
}

}  // namespace fabscope::expr
