// Placeholder translation unit so the corpus library exists before its issue lands.
#include "corpus/store.h"
