// ExtractHtml: parses a page with gumbo, takes metadata from JSON-LD, then
// OpenGraph, then <meta>/<time>/<title>/<h1>, and the main text from
// html_content.cc. Thread-safe (gumbo keeps no global state).
#include "reader/html.h"

#include <gumbo.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "reader/internal.h"

namespace marsad::reader {
namespace {

using nlohmann::json;
using internal::Trim;

// Deeper pages are refused: gumbo's tree building is quadratic in depth.
constexpr size_t kMaxDepth = 1500;

// Metadata candidates, each filled by the first source that has it.
struct Meta {
  std::optional<std::string> title, published, source, url;
  std::vector<std::string> tags;
};

void SetOnce(std::optional<std::string>& field, std::string_view value) {
  std::string_view v = Trim(value);
  if (!field && !v.empty()) field = std::string(v);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Visible text under a node with white space collapsed (iterative).
std::string NodeText(const GumboNode* root) {
  std::string raw;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      raw += n->v.text.text;
    } else if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboVector& kids = n->v.element.children;
      for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
    }
  }
  std::string out;
  bool space = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = raw[i];
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0) ws = true, ++i;
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

const char* Attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

// ---- JSON-LD --------------------------------------------------------------------
bool IsArticleType(const json& type) {
  auto one = [](const json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s.ends_with("Article") || s == "BlogPosting" || s == "LiveBlogPosting" || s == "Report";
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), one);
  return one(type);
}

std::string_view StringOf(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : "";
}

class JsonLd {
 public:
  explicit JsonLd(Meta* meta) : meta_(meta) {}

  void Add(std::string_view script) {
    json doc = json::parse(script.begin(), script.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return;
    Index(doc, 0);
    docs_.push_back(std::move(doc));
  }

  void Apply() {
    for (const auto& d : docs_) Visit(d, 0);
  }

 private:
  // Objects named by "@id", so that {"publisher": {"@id": "#org"}} resolves.
  void Index(const json& j, int depth) {
    if (depth > 6) return;
    if (j.is_array()) {
      for (const auto& x : j) Index(x, depth + 1);
    } else if (j.is_object()) {
      std::string_view id = StringOf(j, "@id");
      if (!id.empty()) by_id_.emplace(std::string(id), &j);
      if (auto g = j.find("@graph"); g != j.end()) Index(*g, depth + 1);
    }
  }

  const json& Resolve(const json& j) const {
    if (j.is_object() && j.size() == 1) {
      auto it = by_id_.find(std::string(StringOf(j, "@id")));
      if (it != by_id_.end()) return *it->second;
    }
    return j;
  }

  std::string_view NameOf(const json& j) const {
    if (j.is_string()) return j.get_ref<const std::string&>();
    if (j.is_array()) {
      for (const auto& x : j)
        if (!x.is_array() && !NameOf(x).empty()) return NameOf(x);
      return "";
    }
    if (j.is_object()) return StringOf(Resolve(j), "name");
    return "";
  }

  void Visit(const json& j, int depth) {
    if (depth > 6) return;
    if (j.is_array()) {
      for (const auto& x : j) Visit(x, depth + 1);
      return;
    }
    if (!j.is_object()) return;
    if (auto g = j.find("@graph"); g != j.end()) Visit(*g, depth + 1);
    auto type = j.find("@type");
    if (type == j.end() || !IsArticleType(*type)) return;
    SetOnce(meta_->title, StringOf(j, "headline").empty() ? StringOf(j, "name") : StringOf(j, "headline"));
    SetOnce(meta_->published, StringOf(j, "datePublished").empty() ? StringOf(j, "dateCreated")
                                                                  : StringOf(j, "datePublished"));
    if (auto p = j.find("publisher"); p != j.end()) SetOnce(meta_->source, NameOf(*p));
    SetOnce(meta_->url, StringOf(j, "url"));
    if (auto m = j.find("mainEntityOfPage"); m != j.end())
      SetOnce(meta_->url, m->is_string() ? StringOf(j, "mainEntityOfPage") : StringOf(*m, "@id"));
    if (meta_->tags.empty()) {
      if (auto k = j.find("keywords"); k != j.end()) {
        if (k->is_string()) internal::AppendTags(k->get_ref<const std::string&>(), &meta_->tags);
        else if (k->is_array())
          for (const auto& t : *k)
            if (t.is_string()) internal::AppendTags(t.get_ref<const std::string&>(), &meta_->tags);
      }
    }
  }

  Meta* meta_;
  std::vector<json> docs_;
  std::unordered_map<std::string, const json*> by_id_;
};

// ---- The rest of the head ----------------------------------------------------------
struct PageFacts {
  std::vector<std::string> ld_json;
  std::unordered_map<std::string, std::string> meta;  // lower-cased name/property → first content
  std::vector<std::string> og_tags;                   // article:tag, may repeat
  std::string time, title, h1, canonical;
};

void CollectMeta(const GumboNode* n, PageFacts* f) {
  const char* key = Attr(n, "property");
  if (!key) key = Attr(n, "name");
  if (!key) key = Attr(n, "itemprop");
  const char* content = Attr(n, "content");
  if (!key || !content) return;
  std::string k = Lower(key);
  if (k == "article:tag") f->og_tags.emplace_back(content);
  f->meta.emplace(std::move(k), content);
}

void CollectFacts(const GumboNode* root, PageFacts* f) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) {
      if (n->type == GUMBO_NODE_DOCUMENT)
        for (unsigned i = n->v.document.children.length; i-- > 0;)
          stack.push_back(static_cast<const GumboNode*>(n->v.document.children.data[i]));
      continue;
    }
    const GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT) {
      const char* type = Attr(n, "type");
      if (type && Lower(type) == "application/ld+json") f->ld_json.push_back(NodeText(n));
      continue;
    }
    if (tag == GUMBO_TAG_META) CollectMeta(n, f);
    if (tag == GUMBO_TAG_TITLE && f->title.empty()) f->title = NodeText(n);
    if (tag == GUMBO_TAG_H1 && f->h1.empty()) f->h1 = NodeText(n);
    if (tag == GUMBO_TAG_TIME && f->time.empty()) {
      if (const char* dt = Attr(n, "datetime")) f->time = dt;
    }
    if (tag == GUMBO_TAG_LINK && f->canonical.empty()) {
      const char* rel = Attr(n, "rel");
      const char* href = Attr(n, "href");
      if (rel && href && Lower(rel) == "canonical") f->canonical = href;
    }
    if (tag == GUMBO_TAG_STYLE) continue;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
}

std::string_view MetaValue(const PageFacts& f, const char* key) {
  auto it = f.meta.find(key);
  return it == f.meta.end() ? "" : std::string_view(it->second);
}

// "Headline - Site" / "Site | Headline" → "Headline" when Site is the site's name.
std::string StripSiteName(std::string title, const std::optional<std::string>& site) {
  if (!site || site->empty()) return title;
  for (std::string_view sep : {" - ", " | ", " – ", " — ", " :: ", " « ", " » ", " : "}) {
    std::string suffix = std::string(sep) + *site, prefix = *site + std::string(sep);
    if (title.size() > suffix.size() && title.ends_with(suffix))
      return std::string(Trim(title.substr(0, title.size() - suffix.size())));
    if (title.size() > prefix.size() && title.starts_with(prefix))
      return std::string(Trim(title.substr(prefix.size())));
  }
  return title;
}

Meta GatherMeta(const PageFacts& f) {
  Meta m;
  JsonLd ld(&m);
  for (const auto& s : f.ld_json) ld.Add(s);
  ld.Apply();
  SetOnce(m.title, MetaValue(f, "og:title"));
  for (const char* k : {"article:published_time", "og:published_time", "datepublished", "date", "pubdate",
                        "publishdate", "publish-date", "publish_date", "article.published", "dc.date",
                        "dc.date.issued", "sailthru.date"})
    SetOnce(m.published, MetaValue(f, k));
  SetOnce(m.published, f.time);
  SetOnce(m.source, MetaValue(f, "og:site_name"));
  SetOnce(m.url, MetaValue(f, "og:url"));
  SetOnce(m.url, f.canonical);
  if (m.tags.empty())
    for (const auto& t : f.og_tags) internal::AppendTags(t, &m.tags);
  for (const char* k : {"news_keywords", "keywords"})
    if (m.tags.empty()) internal::AppendTags(MetaValue(f, k), &m.tags);
  // No site name in the metadata: "<h1> - Site" in <title> names it.
  if (!m.source && !f.h1.empty() && f.title.size() > f.h1.size() && f.title.starts_with(f.h1)) {
    std::string_view rest = std::string_view(f.title).substr(f.h1.size());
    for (std::string_view sep : {" - ", " | ", " – ", " — "}) {
      if (!rest.starts_with(sep)) continue;
      std::string site(Trim(rest.substr(sep.size())));
      if (!site.empty() && std::count(site.begin(), site.end(), ' ') <= 4) m.source = site;
      break;
    }
  }
  // <title> often repeats the headline plus the site; the <h1> then is cleaner.
  std::string title = StripSiteName(f.title, m.source);
  if (!m.title && !f.h1.empty() && (title.empty() || title.starts_with(f.h1))) title = f.h1;
  SetOnce(m.title, title);
  SetOnce(m.title, f.h1);
  if (m.title) m.title = StripSiteName(*m.title, m.source);
  return m;
}

void ExtractParsed(const GumboOutput* page, RawArticle* out) {
  PageFacts facts;
  CollectFacts(page->document, &facts);
  Meta meta = GatherMeta(facts);
  out->text = internal::MainText(page->document);
  out->from_html = true;
  if (out->text.empty()) {
    out->error = "no article text found in HTML page";
    return;
  }
  out->title = std::move(meta.title);
  if (meta.published) internal::SetPublished(*meta.published, out);
  out->source = std::move(meta.source);
  out->url = std::move(meta.url);
  out->tags = std::move(meta.tags);
}

}  // namespace

void ExtractHtml(std::string_view html, RawArticle* out) {
  if (internal::HtmlDepthEstimate(html, kMaxDepth) >= kMaxDepth) {
    out->error = "HTML nested too deeply (over " + std::to_string(kMaxDepth) + " levels)";
    return;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // gumbo copies the open-element stack into every error
  GumboOutput* page = gumbo_parse_with_options(&options, html.data(), html.size());
  if (!page) {
    out->error = "cannot parse HTML";
    return;
  }
  try {
    ExtractParsed(page, out);
  } catch (const std::exception& e) {  // nlohmann, allocation
    out->error = std::string("cannot read HTML: ") + e.what();
  }
  gumbo_destroy_output(&options, page);
}

}  // namespace marsad::reader
