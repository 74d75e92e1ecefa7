"""Network analysis (issue 3): the subject graph, syndicates, key players, brokers, countries.

Data flow: ``inputs`` reads the records an analysis needs from the store in one pass;
``edges`` turns them into weighted subject–subject ``pairs`` (the weight registry is
``weights.WEIGHTS``); ``graph`` finds communities (modularity) and measures subjects;
``syndicates`` assembles the per-syndicate table and the network roles; ``country`` says
where each subject is; ``pipeline.run`` publishes it all into the store.
"""
