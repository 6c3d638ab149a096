#include "test_util.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "reader/reader.h"

namespace marsad::testing {

std::string SourceDir() { return MARSAD_SOURCE_DIR; }

std::string SharedDir() {
  std::string d = SourceDir() + "/../shared";
  return std::filesystem::is_directory(d + "/seeds") ? d : "";
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Squash(const std::string& s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    // U+00A0 no-break space counts as white space too.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ws = true;
      ++i;
    }
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::vector<Document> AnalyzeFile(const Pipeline& p, const std::string& path) {
  std::vector<Document> docs;
  reader::Options ropts;
  reader::ReadInputs({path}, ropts, [&](RawArticle&& a) { docs.push_back(p.Analyze(a)); });
  return docs;
}

const Pipeline& DefaultPipeline() {
  static std::shared_ptr<const Pipeline> p = [] {
    auto r = Pipeline::Create({});
    if (!r.ok()) throw std::runtime_error(r.status().message());
    return *r;
  }();
  return *p;
}

}  // namespace marsad::testing
