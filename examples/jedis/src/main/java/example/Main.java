package example;

import java.net.URI;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/** Talks to respite exactly as to redis-server: strings with a TTL, a hash, a list, a pipeline. */
public class Main {
  public static void main(String[] args) {
    URI uri = URI.create(args.length > 0 ? args[0] : "redis://127.0.0.1:6379");
    try (Jedis jedis = new Jedis(uri)) {
      System.out.println("PING -> " + jedis.ping());
      jedis.set("greeting", "hello", SetParams.setParams().ex(60));
      System.out.println("GET greeting -> " + jedis.get("greeting") + " (ttl " + jedis.ttl("greeting") + "s)");
      jedis.hset("user:1", Map.of("name", "Ada", "lang", "en"));
      System.out.println("HGETALL user:1 -> " + jedis.hgetAll("user:1"));
      jedis.del("queue");
      jedis.rpush("queue", "a", "b", "c");
      List<String> items = jedis.lrange("queue", 0, -1);
      System.out.println("LRANGE queue -> " + items);
      Pipeline p = jedis.pipelined();
      Response<Long> hits = p.incr("hits");
      p.expire("hits", 3600);
      p.sync();
      System.out.println("INCR hits (pipelined) -> " + hits.get());
    }
  }
}
