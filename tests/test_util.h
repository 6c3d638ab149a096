// Helpers shared by the whole-document tests: running the pipeline on a file
// and matching strings the way ../shared/gold/seeds/README.md says
// (whitespace collapsed, nothing else changed).
#pragma once

#include <string>
#include <vector>

#include "marsad/document.h"
#include "marsad/pipeline.h"

namespace marsad::testing {

std::string SourceDir();
std::string SharedDir();  // MARSAD_SOURCE_DIR/../shared, "" when absent
std::string ReadFileOrDie(const std::string& path);
// Collapses runs of white space to one space and strips both ends.
std::string Squash(const std::string& s);
// Analyses every article of one input file (format detected from content).
std::vector<Document> AnalyzeFile(const Pipeline& p, const std::string& path);
const Pipeline& DefaultPipeline();

}  // namespace marsad::testing
