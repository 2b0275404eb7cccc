package org.elasticsearch.node;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.List;

/**
 * The "english" and "russian" analyzers a mapping may name, as the full distribution's
 * language analysis module offers them: Lucene's own English and Russian analyzers
 * (their stop words and stemmers), which Lucene's analysis jar already on the classpath
 * carries. That module is not published on Maven Central; without these a node would
 * refuse such a mapping, and the index would fall back to the `standard` analyzer.
 */
public final class LanguageAnalyzers extends Plugin implements AnalysisPlugin {
    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        return List.of(
            new PreBuiltAnalyzerProviderFactory("english", CachingStrategy.LUCENE, EnglishAnalyzer::new),
            new PreBuiltAnalyzerProviderFactory("russian", CachingStrategy.LUCENE, RussianAnalyzer::new));
    }
}
