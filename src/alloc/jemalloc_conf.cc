// The allocator's configuration for marsad's executables (the CLI and the
// benchmarks; the libraries use whatever malloc their program links).
//
// They link jemalloc (Debian's libjemalloc) instead of glibc's malloc and ask it
// for transparent huge pages: the analysis reads tables of tens of MB (the
// knowledge base's maps, the gazetteer, the NER tagger's rows and word cache) at
// random, so with 4 KiB pages nearly every look-up also misses the TLB, and
// under virtualisation each miss walks two page tables. On 1,314 SaudiNewsNet
// articles, one thread, this cut user time by about 15 % on top of the NER
// tables' own huge pages (base/huge_pages.h), for about 20 MB more peak memory.
// Where the kernel has no THP the advice is ignored.
extern "C" {
// Read by jemalloc when it initialises (jemalloc(3), "malloc_conf").
const char* malloc_conf = "thp:always,metadata_thp:always";
}
