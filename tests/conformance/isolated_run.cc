#include "tests/conformance/isolated_run.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>

namespace edgeq::e2e {
namespace {

// Line 1: the outcome letter, then '*' when parameter inputs were frozen and 'D' when the program
// had delegate calls; line 2: the unsupported ops, space separated; then the reason.
std::string encode(const CaseResult& result) {
  const char letter = result.outcome == Outcome::kPassed    ? 'P'
                      : result.outcome == Outcome::kSkipped ? 'S'
                                                            : 'F';
  std::string ops;
  for (const std::string& op : result.unsupported_ops) ops += (ops.empty() ? "" : " ") + op;
  return std::string(1, letter) + (result.inputs_frozen ? "*" : "") +
         (result.delegated ? "D" : "") + "\n" + ops + "\n" + result.reason;
}

CaseResult decode(const std::string& text) {
  std::istringstream in(text);
  std::string letter, ops;
  if (!std::getline(in, letter) || !std::getline(in, ops) || letter.empty()) {
    return CaseResult::failure("the test process ended without reporting a result");
  }
  CaseResult result;
  result.outcome = letter[0] == 'P'   ? Outcome::kPassed
                   : letter[0] == 'S' ? Outcome::kSkipped
                                      : Outcome::kFailed;
  result.inputs_frozen = letter.find('*') != std::string::npos;
  result.delegated = letter.find('D') != std::string::npos;
  std::istringstream op_stream(ops);
  for (std::string op; op_stream >> op;) result.unsupported_ops.insert(op);
  std::ostringstream reason;
  reason << in.rdbuf();
  result.reason = reason.str();
  return result;
}

bool write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

}  // namespace

CaseResult run_isolated(const std::function<CaseResult()>& run_case, unsigned timeout_seconds) {
  int fds[2];
  if (pipe(fds) != 0) return CaseResult::failure("pipe() failed");
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    return CaseResult::failure("fork() failed");
  }
  if (child == 0) {
    close(fds[0]);
    alarm(timeout_seconds);
    const bool written = write_all(fds[1], encode(run_case()));
    close(fds[1]);
    _exit(written ? 0 : 1);
  }
  close(fds[1]);
  const std::string text = read_all(fds[0]);
  close(fds[0]);
  int wait_status = 0;
  while (waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(wait_status)) {
    const int signal_number = WTERMSIG(wait_status);
    if (signal_number == SIGALRM) {
      return CaseResult::failure(str_cat("timed out after ", timeout_seconds, " s"));
    }
    return CaseResult::failure(
        str_cat("crashed: signal ", signal_number, " (", strsignal(signal_number), ")"));
  }
  if (text.empty() && WIFEXITED(wait_status)) {
    return CaseResult::failure(str_cat("the test process exited with status ",
                                       WEXITSTATUS(wait_status), " without reporting a result"));
  }
  return decode(text);
}

}  // namespace edgeq::e2e
